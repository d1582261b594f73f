import { api, unwrap } from './request';
import type { components, paths } from './schema';

/** 重点人员: the key-person register (CLERK and SUPERVISOR only; every read is audited by the gateway). */
type Schemas = components['schemas'];
export type KeyPerson = Schemas['KeyPersonDto'];
export type KeyPersonDetail = Schemas['KeyPersonDetailDto'];
export type CreateKeyPerson = Schemas['CreateKeyPersonDto'];
export type RecordVisit = Schemas['RecordVisitDto'];
export type RiskLevel = KeyPerson['riskLevel'];
export type KeyPersonReason = KeyPerson['reason'];
export type KeyPersonListQuery = NonNullable<paths['/api/key-persons']['get']['parameters']['query']>;

export function listKeyPersons(query: KeyPersonListQuery = {}) {
  return unwrap(api.GET('/key-persons', { params: { query } }));
}

export function getKeyPerson(id: string) {
  return unwrap(api.GET('/key-persons/{id}', { params: { path: { id } } }));
}

/** Each POST carries an Idempotency-Key of its own (api/request.ts). */
export function createKeyPerson(body: CreateKeyPerson) {
  return unwrap(api.POST('/key-persons', { body }));
}

export function recordVisit(id: string, body: RecordVisit) {
  return unwrap(api.POST('/key-persons/{id}/visits', { params: { path: { id } }, body }));
}
