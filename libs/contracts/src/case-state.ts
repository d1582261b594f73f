import type {
  Category,
  CaseStatus,
  CenterCode,
  Channel,
  PartyRole,
  Resolution,
  Role,
  Severity,
  SlaClass,
  Stage,
} from '@app/domain/enums';

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

export interface DisputeWorkflowInput {
  caseId: string;
  report: DisputeReport;
  reportedBy: Actor;
  /** A walk-in registered by a CLERK is accepted at once. */
  acceptNow: boolean;
  reportedAt: string;
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
  escalationLevel: number;
  reopenCount: number;
  resolution?: Resolution;
  /** Events the workflow has had recorded; the next event's sequence number is this + 1. */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}
