import type { components, paths } from './schema';
import { API_BASE, api, unwrap } from './request';

export type Alert = components['schemas']['AlertViewDto'];
export type AlertListQuery = NonNullable<paths['/api/alerts']['get']['parameters']['query']>;
type StreamQuery = NonNullable<paths['/api/alerts/stream']['get']['parameters']['query']>;

/** The most pages of unacknowledged alerts read on entry (200 each): more than anyone works through. */
const MAX_PAGES = 10;

/** Every alert still waiting for a person (GET /api/alerts?acknowledged=false), all pages, as the API orders them. */
export async function listUnacknowledgedAlerts(): Promise<Alert[]> {
  const items: Alert[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query: AlertListQuery = { acknowledged: false, limit: 200, ...(cursor && { cursor }) };
    const answer = await unwrap(api.GET('/alerts', { params: { query } }));
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

export function acknowledgeAlert(id: string): Promise<Alert> {
  return unwrap(api.POST('/alerts/{id}/ack', { params: { path: { id } }, body: {} }));
}

/** A one-use ticket (valid 60 s) for opening the alert stream: an EventSource cannot send the bearer token. */
export function takeAlertStreamTicket() {
  return unwrap(api.POST('/alerts/stream-ticket', { body: {} }));
}

/** The address of the alert stream for an EventSource; `lastEventId`: resume after that alert, none missed or doubled. */
export function alertStreamUrl(ticket: string, lastEventId?: string): string {
  const query: StreamQuery = { ticket, ...(lastEventId && { lastEventId }) };
  return `${API_BASE}/alerts/stream?${new URLSearchParams(query as Record<string, string>).toString()}`;
}
