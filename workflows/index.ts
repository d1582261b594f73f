export { disputeWorkflow } from './dispute.workflow';
