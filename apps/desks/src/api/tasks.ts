import type { components, paths } from './schema';
import { API_BASE, api, unwrap } from './request';

export type TaskItem = components['schemas']['TaskItemDto'];
export type TaskScope = NonNullable<NonNullable<paths['/api/tasks']['get']['parameters']['query']>['scope']>;
type StreamQuery = NonNullable<paths['/api/tasks/stream']['get']['parameters']['query']>;

/** A message of the task stream: one case changed, or read the lists again. */
export type TaskChange =
  | { kind: 'changed'; caseId: string; stage: string; unitId: string | null; assigneeId: string | null }
  | { kind: 'refetch' };

const PAGE = 200;
/** The most pages read for one list (200 each): 4,000 tasks, more than a pool ever holds. */
const MAX_PAGES = 20;

/**
 * Every task of a scope, all pages, in the API's order (`pool`, `mine`: deadline ascending;
 * `done`: newest first). `maxItems` stops early (the done list is history: its newest suffice).
 */
export async function listTasks(scope: TaskScope, maxItems = Infinity): Promise<{ items: TaskItem[]; more: boolean }> {
  const items: TaskItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && items.length < maxItems; page += 1) {
    const answer = await unwrap(
      api.GET('/tasks', {
        params: { query: { scope, limit: Math.min(PAGE, maxItems - items.length), ...(cursor && { cursor }) } },
      }),
    );
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) return { items, more: false };
  }
  return { items, more: true };
}

/** `key`: the Idempotency-Key of this attempt (the same on a retry of it). */
const withKey = (key?: string) => (key ? { headers: { 'idempotency-key': key } } : {});

export function claimTask(caseId: string, key?: string) {
  return unwrap(api.POST('/tasks/{caseId}/claim', { params: { path: { caseId } }, body: {}, ...withKey(key) }));
}

export function releaseTask(caseId: string, key?: string) {
  return unwrap(api.POST('/tasks/{caseId}/release', { params: { path: { caseId } }, body: {}, ...withKey(key) }));
}

/** A one-use ticket (valid 60 s) for opening the task stream: an EventSource cannot send the bearer token. */
export function takeTaskStreamTicket() {
  return unwrap(api.POST('/tasks/stream-ticket', { body: {} }));
}

export function taskStreamUrl(ticket: string): string {
  const query: StreamQuery = { ticket };
  return `${API_BASE}/tasks/stream?${new URLSearchParams(query as Record<string, string>).toString()}`;
}
