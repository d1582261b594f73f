import type {
  Category,
  CaseStatus,
  CenterCode,
  Channel,
  Outcome,
  PartyRole,
  Resolution,
  Role,
  Severity,
  SlaClass,
  Stage,
} from '@app/domain/enums';
import type { CalendarYear } from '@app/domain/calendar/working-calendar';
import type { Checkpoint } from '@app/domain/sla/escalation-ladder';
import type { SlaPolicy, TimeBasis } from '@app/domain/sla/sla-policy';
import type { AssistanceState } from './assistance';

export interface Party {
  role: PartyRole;
  name: string;
  phone?: string;
  idNumber?: string;
}

/** What a report carries in (the body of POST /api/disputes, validated at the edge). */
export interface DisputeReport {
  channel: Channel;
  category: Category;
  summary: string;
  description: string;
  gridCode: string;
  address: string;
  occurredAt?: string;
  urgent: boolean;
  parties: Party[];
  /** Set at intake when a party already has 2 or more other cases in 12 months (DOMAIN.md: a repeat party). */
  repeatParty?: RepeatParty;
  /** A finding of a screening drive (大排查, docs/screening-drives.md): the drive it was found in. */
  screeningDriveId?: string;
}

/** The repeat-party flag kept on a case: the party's other cases in the 12 months before (not REJECTED or MERGED). */
export interface RepeatParty {
  count: number;
  cases: { id: string; caseNo: string | null }[];
}

/** Who did something: a staff member, a party by receipt code, or the engine itself. */
export interface Actor {
  userId: string;
  role: Role | 'PARTY' | 'SYSTEM';
  unitIds: string[];
  centerCode?: CenterCode;
  supervisorLevel?: number;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'SYSTEM', unitIds: [] };

/** The name of the SLA policy the office works to; others exist for drills and tests. */
export const DEFAULT_SLA_POLICY_NAME = 'default';

export interface DisputeWorkflowInput {
  caseId: string;
  report: DisputeReport;
  reportedBy: Actor;
  /** A walk-in registered by a CLERK is accepted at once. */
  acceptNow: boolean;
  reportedAt: string;
  /** Severity and SLA class known at intake (a repeat party raises severity to MAJOR). */
  severity?: Severity;
  slaClass?: SlaClass;
  slaPolicyName?: string;
  /**
   * The SLA settings in force when the report came in, read by the gateway (issue 16): the intake
   * decision computes its deadlines with them instead of reading them in a local activity of its
   * own. The workflow uses them only when they are of its policy and of the office years it asks
   * for; otherwise (and when absent, as from a bare client) it reads the settings itself.
   */
  slaSettings?: GivenSlaSettings;
  /** Set when the workflow continued as new: the state it had reached. */
  carried?: CarriedState;
}

/**
 * SLA settings the gateway read for an intake or an action: the policy name and office years
 * asked for, and the answer.
 */
export interface GivenSlaSettings {
  policyName: string;
  years: number[];
  settings: SlaSettings;
}

/** The SLA policy and the calendar years a deadline is computed with, read at that moment. */
export interface SlaSettings {
  policy: SlaPolicy;
  calendar: CalendarYear[];
}

/**
 * The running stage clock: its deadline and escalation ladder, the levels already raised (each
 * fires once), and when it was paused by a suspension.
 */
export interface StageClock {
  stage: Stage;
  start: string;
  deadline: string;
  timeBasis: TimeBasis;
  checkpoints: { kind: Checkpoint['kind']; level: Checkpoint['level']; at: string }[];
  raised: number[];
  pausedAt?: string;
  /** Set while the ladder runs towards a supervision order's deadline: its alerts name the order. */
  order?: { instruction: string; issuedAt: string; deadline: string };
}

export interface Extension {
  id: string;
  days: number;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
}

/** The workflow's own view of a case: the authority on stage and status. */
export interface CaseState {
  caseId: string;
  caseNo?: string;
  receiptCode?: string;
  stage: Stage;
  status: CaseStatus;
  category: Category;
  gridCode: string;
  urgent: boolean;
  centerCode?: CenterCode;
  unitId?: string;
  assigneeId?: string;
  severity: Severity;
  slaClass: SlaClass;
  stageEnteredAt: string;
  stageDeadline?: string;
  overdue: boolean;
  escalationLevel: number;
  reopenCount: number;
  extension?: Extension;
  handlingOutcome?: Outcome;
  resolution?: Resolution;
  /** Joint handling (协办): the assistances asked of other units, in request order; absent: none ever. */
  assistances?: AssistanceState[];
  /** Events the workflow has had recorded; the next event's sequence number is this + 1. */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface CarriedState {
  state: CaseState;
  clock?: StageClock;
  slaPolicyName: string;
  registered: boolean;
}
