import { defineSignal } from '@temporalio/workflow';
import type { VisitPoint } from '@app/domain/key-persons/visit-ladder';

/**
 * The watch over one key person (重点人员): a durable workflow that raises the warning and the
 * escalations of a missed visit (走访) at their times, and places them again whenever a visit is
 * recorded or the person's risk level, center or activity changes (docs/key-persons.md).
 */
export const KEY_PERSON_WORKFLOW_TYPE = 'keyPersonWatchWorkflow';

export const keyPersonWorkflowId = (keyPersonId: string) => `key-person-${keyPersonId}`;

export interface KeyPersonWatchInput {
  keyPersonId: string;
}

/** Sent after a visit is recorded or the key person changed: the watch reads the register again. */
export const replanVisitsSignal = defineSignal<[]>('replanVisits');

/** The next visit of a key person, as the watch places its alerts. */
export interface VisitPlan {
  active: boolean;
  /** Visits recorded so far. */
  round: number;
  centerCode: string;
  dueAt: string;
  points: VisitPoint[];
}

export interface KeyPersonAlertInput {
  keyPersonId: string;
  round: number;
  point: VisitPoint;
  dueAt: string;
  centerCode: string;
  raisedAt: string;
}

export interface KeyPersonActivities {
  /** Null: the key person is not (or no longer) in the register. */
  planKeyPersonVisits(keyPersonId: string): Promise<VisitPlan | null>;
  raiseKeyPersonAlert(input: KeyPersonAlertInput): Promise<void>;
}
