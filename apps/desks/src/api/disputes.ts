import type { paths } from './schema';
import { api, type ApiPaths, unwrap } from './request';
import type { CreateDispute, Route } from './types';

export type CaseListQuery = NonNullable<paths['/api/disputes']['get']['parameters']['query']>;
export type DuplicatesQuery = NonNullable<paths['/api/disputes/duplicates']['get']['parameters']['query']>;

const byId = (id: string) => ({ params: { path: { id } } });

export function registerDispute(body: CreateDispute) {
  return unwrap(api.POST('/disputes', { body }));
}

export function listDisputes(query: CaseListQuery = {}) {
  return unwrap(api.GET('/disputes', { params: { query } }));
}

export function findDuplicates(query: DuplicatesQuery) {
  return unwrap(api.GET('/disputes/duplicates', { params: { query } }));
}

export function getDispute(id: string) {
  return unwrap(api.GET('/disputes/{id}', byId(id)));
}

export function getTimeline(id: string) {
  return unwrap(api.GET('/disputes/{id}/timeline', byId(id)));
}

export function getRoutingSuggestion(id: string) {
  return unwrap(api.GET('/disputes/{id}/routing-suggestion', byId(id)));
}

export function acceptDispute(id: string) {
  return unwrap(api.POST('/disputes/{id}/accept', { ...byId(id), body: {} }));
}

export function mergeDispute(id: string, intoId: string) {
  return unwrap(api.POST('/disputes/{id}/merge', { ...byId(id), body: { intoId } }));
}

export function routeDispute(id: string, body: Route) {
  return unwrap(api.POST('/disputes/{id}/route', { ...byId(id), body }));
}

// --- the case page's actions: each takes the Idempotency-Key of its attempt (the same on a retry) ---

type Body<P extends keyof ApiPaths> = ApiPaths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
const keyed = (key?: string) => (key ? { headers: { 'idempotency-key': key } } : {});

export function acceptCase(id: string, key?: string) {
  return unwrap(api.POST('/disputes/{id}/accept', { ...byId(id), body: {}, ...keyed(key) }));
}

export function rejectCase(id: string, body: Body<'/disputes/{id}/reject'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/reject', { ...byId(id), body, ...keyed(key) }));
}

export function recordHandling(id: string, body: Body<'/disputes/{id}/handling-records'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/handling-records', { ...byId(id), body, ...keyed(key) }));
}

export function completeHandling(id: string, body: Body<'/disputes/{id}/complete-handling'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/complete-handling', { ...byId(id), body, ...keyed(key) }));
}

export function recordFollowUp(id: string, body: Body<'/disputes/{id}/follow-ups'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/follow-ups', { ...byId(id), body, ...keyed(key) }));
}

export function requestExtension(id: string, body: Body<'/disputes/{id}/extensions'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/extensions', { ...byId(id), body, ...keyed(key) }));
}

export function decideExtension(
  id: string,
  extId: string,
  body: Body<'/disputes/{id}/extensions/{extId}/decision'>,
  key?: string,
) {
  return unwrap(
    api.POST('/disputes/{id}/extensions/{extId}/decision', { params: { path: { id, extId } }, body, ...keyed(key) }),
  );
}

export function issueSupervisionOrder(id: string, body: Body<'/disputes/{id}/supervision-orders'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/supervision-orders', { ...byId(id), body, ...keyed(key) }));
}

export function approveSupervision(id: string, key?: string) {
  return unwrap(api.POST('/disputes/{id}/supervision/approve', { ...byId(id), body: {}, ...keyed(key) }));
}

export function returnSupervision(id: string, body: Body<'/disputes/{id}/supervision/return'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/supervision/return', { ...byId(id), body, ...keyed(key) }));
}

export function deliverFeedback(id: string, body: Body<'/disputes/{id}/feedback'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/feedback', { ...byId(id), body, ...keyed(key) }));
}

export function transferCase(id: string, body: Body<'/disputes/{id}/transfer'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/transfer', { ...byId(id), body, ...keyed(key) }));
}

export function suspendCase(id: string, body: Body<'/disputes/{id}/suspend'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/suspend', { ...byId(id), body, ...keyed(key) }));
}

export function resumeCase(id: string, key?: string) {
  return unwrap(api.POST('/disputes/{id}/resume', { ...byId(id), body: {}, ...keyed(key) }));
}

export function withdrawCase(id: string, body: Body<'/disputes/{id}/withdraw'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/withdraw', { ...byId(id), body, ...keyed(key) }));
}

export function reassignCase(id: string, body: Body<'/disputes/{id}/reassign'>, key?: string) {
  return unwrap(api.POST('/disputes/{id}/reassign', { ...byId(id), body, ...keyed(key) }));
}

/** The active mediators of the case's pool (SUPERVISOR), for reassigning. */
export function getCaseMediators(id: string) {
  return unwrap(api.GET('/disputes/{id}/mediators', byId(id)));
}
