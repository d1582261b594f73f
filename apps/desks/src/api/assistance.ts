import type { components } from './schema';
import { api, unwrap } from './request';

/** Joint handling (协办): an assistance as the API gives it (docs/joint-handling.md). */
export type Assistance = components['schemas']['AssistanceDto'];
export type AssistanceScope = 'pool' | 'mine' | 'done';

const keyed = (key?: string) => (key ? { headers: { 'idempotency-key': key } } : {});

/** The case's assistances, in request order. */
export function listCaseAssistance(id: string) {
  return unwrap(api.GET('/disputes/{id}/assistance', { params: { path: { id } } }));
}

export function requestAssistance(
  id: string,
  body: { unitId: string; instruction: string; workingDays: number },
  key?: string,
) {
  return unwrap(api.POST('/disputes/{id}/assistance', { params: { path: { id } }, body, ...keyed(key) }));
}

export function withdrawAssistance(id: string, aid: string, reason: string, key?: string) {
  return unwrap(
    api.POST('/disputes/{id}/assistance/{aid}/withdraw', {
      params: { path: { id, aid } },
      body: { reason },
      ...keyed(key),
    }),
  );
}

/** The assisting unit's pool (pool), what I claimed (mine), what I answered (done): the first 200. */
export async function listAssistanceTasks(scope: AssistanceScope): Promise<Assistance[]> {
  return (await unwrap(api.GET('/tasks/assistance', { params: { query: { scope, limit: 200 } } }))).items;
}

export function claimAssistance(aid: string, key?: string) {
  return unwrap(api.POST('/tasks/assistance/{aid}/claim', { params: { path: { aid } }, body: {}, ...keyed(key) }));
}

export function answerAssistance(aid: string, report: string, key?: string) {
  return unwrap(
    api.POST('/tasks/assistance/{aid}/answer', { params: { path: { aid } }, body: { report }, ...keyed(key) }),
  );
}
