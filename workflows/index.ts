export { disputeWorkflow } from './dispute.workflow';
export { measureDayCarryWorkflow } from './measure-day-carry.workflow';
export { keyPersonWatchWorkflow } from './key-person.workflow';
export { screeningDriveWorkflow } from './screening-drive.workflow';
export { monthlyBriefingWorkflow } from './monthly-briefing.workflow';
