import type { Category, Channel, CreateDispute, Party } from '@/api/types';

export interface PartyDraft {
  role: Party['role'];
  name: string;
  phone: string;
  idNumber: string;
}

/** The intake form as typed: empty strings where nothing is chosen yet. */
export interface IntakeDraft {
  channel: Channel;
  category: Category | '';
  summary: string;
  description: string;
  community: string;
  gridCode: string;
  address: string;
  occurredAt: string;
  urgent: boolean;
  acceptNow: boolean;
  parties: PartyDraft[];
}

export const emptyParty = (role: Party['role'] = 'APPLICANT'): PartyDraft => ({
  role,
  name: '',
  phone: '',
  idNumber: '',
});

export function emptyDraft(): IntakeDraft {
  return {
    channel: 'WALK_IN',
    category: '',
    summary: '',
    description: '',
    community: '',
    gridCode: '',
    address: '',
    occurredAt: '',
    urgent: false,
    acceptNow: true,
    parties: [emptyParty('APPLICANT'), emptyParty('RESPONDENT')],
  };
}

/**
 * The body of POST /api/disputes. Text is sent as typed (trimmed) so that the gateway's
 * validation names what is missing; empty optional fields are left out, and so is a party row
 * left wholly empty. `partyRows[i]` is the form row of the body's party i, so that the gateway's
 * `parties.i.phone` can be shown beside the right row.
 */
export function toCreateDispute(
  draft: IntakeDraft,
  acceptNow = draft.acceptNow,
): { body: CreateDispute; partyRows: number[] } {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const partyRows = draft.parties.flatMap((party, row) =>
    party.name.trim() || party.phone.trim() || party.idNumber.trim() ? [row] : [],
  );
  const body: CreateDispute = {
    channel: draft.channel,
    category: draft.category as Category,
    summary: draft.summary.trim(),
    description: draft.description.trim(),
    gridCode: draft.gridCode,
    address: draft.address.trim(),
    occurredAt: optional(draft.occurredAt),
    urgent: draft.urgent,
    acceptNow,
    parties: partyRows.map((row) => {
      const party = draft.parties[row];
      return {
        role: party.role,
        name: party.name.trim(),
        phone: optional(party.phone),
        idNumber: optional(party.idNumber)?.toUpperCase(),
      };
    }),
  };
  return { body, partyRows };
}

/** `parties.2.phone` of the body → `parties.<form row>.phone`. */
export function formPath(path: string, partyRows: number[]): string {
  return path.replace(/^parties\.(\d+)(?=\.|$)/, (whole, index: string) => {
    const row = partyRows[Number(index)];
    return row === undefined ? whole : `parties.${row}`;
  });
}
