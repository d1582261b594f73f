import { randomBytes } from 'crypto';
import { officeYear } from '@app/domain/calendar/office-time';
import {
  isSameEvent,
  type CaseEventDraft,
  type RecordedCaseEvent,
  type RecordedEarlier,
  type SlaSettings,
} from '@app/contracts';
import { formatCaseNo, receiptCodeFromBytes } from '@app/domain/case-number';
import { CaseEventRepository, type PayloadEnricher } from '@app/persistence/repositories/case-event.repository';
import { allocateCaseSequence } from '@app/persistence/repositories/case-number.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';

/** What recording a decision's events answers (`recordCaseEvents`). */
export interface RecordedDecision {
  /** Per draft, in order: null, or what the record held under its (case, seq) if that differs. */
  earlier: (RecordedEarlier | null)[];
  /** Set when the decision recorded DisputeAccepted: the numbers its event carries. */
  caseNo?: string;
  receiptCode?: string;
}

export interface AcceptanceNumbers {
  caseNo: string;
  receiptCode: string;
  /** Set when the record held this acceptance from an earlier attempt, with another time or content. */
  earlier?: RecordedEarlier | null;
}

/**
 * The dispute workflow's side effects. Every method is safe to retry: the event's (case, seq)
 * decides whether anything is written.
 */
export class DisputeActivities {
  constructor(
    private readonly events: CaseEventRepository,
    private readonly slaSettings: SlaSettingsRepository,
    private readonly streetCode: string,
  ) {}

  /** Run as a local activity when a deadline is set: its answer is recorded in the history. */
  async loadSlaSettings(policyName: string, years: number[]): Promise<SlaSettings> {
    return this.slaSettings.load(policyName, years);
  }

  /** Appends the event; null, or what the record already held under its (case, seq) if that differs. */
  async recordCaseEvent(draft: CaseEventDraft): Promise<RecordedEarlier | null> {
    return earlierThan(draft, await this.events.append(draft));
  }

  /**
   * Appends the events of one decision in one transaction, with the read models they change: one
   * local activity per decision instead of one per event (issue 16). A DisputeAccepted among them
   * gets the year's next case number and a receipt code, as `recordAcceptance` gives them.
   */
  async recordCaseEvents(drafts: CaseEventDraft[]): Promise<RecordedDecision> {
    const stored = await this.events.appendAll(drafts, (draft) =>
      draft.type === 'DisputeAccepted' ? this.caseNumbers(draft) : undefined,
    );
    const accepted = stored.find((event) => event.type === 'DisputeAccepted');
    return {
      earlier: drafts.map((draft, i) => earlierThan(draft, stored[i])),
      ...(accepted && { caseNo: String(accepted.payload.caseNo), receiptCode: String(accepted.payload.receiptCode) }),
    };
  }

  /** The year's next case number and a fresh receipt code, taken inside the append's transaction. */
  private caseNumbers(draft: CaseEventDraft): PayloadEnricher {
    const year = officeYear(Date.parse(draft.at));
    return async (tx) => ({
      caseNo: formatCaseNo(this.streetCode, year, await allocateCaseSequence(tx, this.streetCode, year)),
      receiptCode: receiptCodeFromBytes(randomBytes(8)),
    });
  }

  /** Records DisputeAccepted with the next case number of the year and a fresh receipt code. */
  async recordAcceptance(draft: CaseEventDraft<'DisputeAccepted'>): Promise<AcceptanceNumbers> {
    const event = await this.events.append(draft, this.caseNumbers(draft));
    return {
      caseNo: String(event.payload.caseNo),
      receiptCode: String(event.payload.receiptCode),
      earlier: earlierThan(draft, event),
    };
  }
}

function earlierThan(draft: CaseEventDraft, stored: RecordedCaseEvent): RecordedEarlier | null {
  return isSameEvent(draft, stored) ? null : { type: stored.type, at: stored.at, payload: stored.payload };
}

/** Temporal calls activities as free functions: bind them to the instance. */
export function activitiesOf(instance: DisputeActivities) {
  return {
    recordCaseEvent: instance.recordCaseEvent.bind(instance),
    recordCaseEvents: instance.recordCaseEvents.bind(instance),
    recordAcceptance: instance.recordAcceptance.bind(instance),
    loadSlaSettings: instance.loadSlaSettings.bind(instance),
  };
}
