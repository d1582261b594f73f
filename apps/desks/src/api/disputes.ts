import type { paths } from './schema';
import { api, unwrap } from './request';
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
