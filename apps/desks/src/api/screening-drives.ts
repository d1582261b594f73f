import { api, unwrap } from './request';
import type { components } from './schema';

/** 大排查: screening drives (supervisors open and follow them; grid workers screen their own grid). */
type Schemas = components['schemas'];
export type Drive = Schemas['DriveDto'];
export type DriveDetail = Schemas['DriveDetailDto'];
export type DriveGrid = Schemas['DriveGridDto'];
export type MyDrive = Schemas['MyDriveDto'];
export type OpenDrive = Schemas['OpenDriveDto'];
export type RecordScreening = Schemas['RecordScreeningDto'];
export type Finding = Schemas['FindingDto'];

export function listDrives(query: { limit?: number; cursor?: string } = {}) {
  return unwrap(api.GET('/screening-drives', { params: { query } }));
}

export function getDrive(id: string) {
  return unwrap(api.GET('/screening-drives/{id}', { params: { path: { id } } }));
}

export function myDrives(query: { limit?: number; cursor?: string } = {}) {
  return unwrap(api.GET('/screening-drives/mine', { params: { query } }));
}

/** Each POST carries an Idempotency-Key of its own (api/request.ts). */
export function openDrive(body: OpenDrive) {
  return unwrap(api.POST('/screening-drives', { body }));
}

export function recordScreening(id: string, body: RecordScreening) {
  return unwrap(api.POST('/screening-drives/{id}/screenings', { params: { path: { id } }, body }));
}
