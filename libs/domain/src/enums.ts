/**
 * The binding code names of DOMAIN.md. Everything that crosses a boundary (HTTP, workflow
 * messages, the event store) speaks in these.
 */

export const STAGES = [
  'DISCOVERY',
  'ACCEPTANCE',
  'ROUTING',
  'HANDLING',
  'TRACKING',
  'SUPERVISION',
  'FEEDBACK',
  'EVALUATION',
  'CLOSED',
] as const;
export type Stage = (typeof STAGES)[number];

/** The eight working stages, in chain order (CLOSED is the terminal state, not a stage). */
export const CHAIN_STAGES = STAGES.filter((s) => s !== 'CLOSED') as Exclude<Stage, 'CLOSED'>[];
export type ChainStage = Exclude<Stage, 'CLOSED'>;

export const STAGE_LABELS_ZH: Record<Stage, string> = {
  DISCOVERY: '发现',
  ACCEPTANCE: '受理',
  ROUTING: '分流',
  HANDLING: '处置',
  TRACKING: '跟踪',
  SUPERVISION: '督办',
  FEEDBACK: '反馈',
  EVALUATION: '评价',
  CLOSED: '已办结',
};

export const CASE_STATUSES = ['OPEN', 'SUSPENDED', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** REPORTER: a resident reporter (民情联络员) of a resident group (居民小组), docs/key-persons.md. */
export const ROLES = ['CLERK', 'GRID_WORKER', 'MEDIATOR', 'SUPERVISOR', 'ADMIN', 'REPORTER'] as const;
export type Role = (typeof ROLES)[number];

export const CENTER_CODES = ['ZZ', 'WG', 'XF', 'TJ'] as const;
export type CenterCode = (typeof CENTER_CODES)[number];

/** Before routing a case belongs to the intake center (综治中心): its lead receives the level-1 alerts (DOMAIN.md). */
export const INTAKE_CENTER: CenterCode = 'ZZ';
/** The grid center (网格中心): a screening drive's alerts go there when a community has no committee of its own. */
export const GRID_CENTER: CenterCode = 'WG';

/** The center answerable for a case: the one it was routed to, else the intake center. */
export function responsibleCenter(centerCode: string | null | undefined): string {
  return centerCode ?? INTAKE_CENTER;
}

/** RESIDENT_REPORTER: a report of a resident reporter (民情联络员), docs/key-persons.md. */
export const CHANNELS = [
  'WALK_IN',
  'PHONE',
  'ONLINE',
  'GRID_PATROL',
  'LETTER',
  'POLICE_REFERRAL',
  'RESIDENT_REPORTER',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = [
  'NEIGHBOR',
  'FAMILY',
  'PROPERTY_MGMT',
  'LABOR',
  'LAND',
  'DEMOLITION',
  'CONSUMER',
  'TRAFFIC',
  'MEDICAL',
  'PUBLIC_ORDER',
  'PETITION',
  'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PARTY_ROLES = ['APPLICANT', 'RESPONDENT', 'OTHER'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const SEVERITIES = ['NORMAL', 'MAJOR'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SLA_CLASSES = ['SIMPLE', 'GENERAL', 'MAJOR'] as const;
export type SlaClass = (typeof SLA_CLASSES)[number];

export const OUTCOMES = ['AGREEMENT', 'RESOLVED_ON_SITE', 'REFERRED', 'UNRESOLVED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RESOLUTIONS = [
  'RESOLVED',
  'REFERRED',
  'UNRESOLVED',
  'WITHDRAWN',
  'REJECTED',
  'MERGED',
  'NOT_RATED',
] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const RATINGS = ['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'] as const;
export type Rating = (typeof RATINGS)[number];

export const FEEDBACK_CHANNELS = ['SMS', 'PHONE', 'IN_PERSON', 'LETTER'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const GRID_LEVELS = ['STREET', 'COMMUNITY', 'BASE'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

export const UNIT_LEVELS = ['STREET', 'COMMUNITY'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const ALERT_KINDS = ['WARNING', 'ESCALATION'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const EVENT_TYPES = [
  'DisputeReported',
  'DisputeAccepted',
  'DisputeRejected',
  'DisputeMerged',
  'DisputeRouted',
  'TaskClaimed',
  'TaskReleased',
  'TaskReassigned',
  'DisputeTransferred',
  'HandlingRecorded',
  'HandlingCompleted',
  'ExtensionRequested',
  'ExtensionDecided',
  'FollowUpRecorded',
  'SupervisionOrderIssued',
  'SupervisionApproved',
  'SupervisionReturned',
  'WarningRaised',
  'EscalationRaised',
  'AlertAcknowledged',
  'DisputeSuspended',
  'DisputeResumed',
  'FeedbackDelivered',
  'EvaluationReceived',
  'DisputeReopened',
  'DisputeWithdrawn',
  'DisputeClosed',
  // Joint handling (协办), docs/joint-handling.md.
  'AssistanceRequested',
  'AssistanceClaimed',
  'AssistanceAnswered',
  'AssistanceWithdrawn',
  'AssistanceWarningRaised',
  'AssistanceEscalationRaised',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
