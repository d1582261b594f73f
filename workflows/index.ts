export { disputeWorkflow } from './dispute.workflow';
export { measureDayCarryWorkflow } from './measure-day-carry.workflow';
