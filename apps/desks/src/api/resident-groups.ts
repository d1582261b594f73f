import { api, unwrap } from './request';
import type { components } from './schema';

/** 居民小组: the resident groups a REPORTER account belongs to (ADMIN). */
export type ResidentGroup = components['schemas']['ResidentGroupDto'];

export async function listResidentGroups(): Promise<ResidentGroup[]> {
  return (await unwrap(api.GET('/admin/resident-groups'))).items;
}

export type CreateResidentGroup = components['schemas']['CreateResidentGroupDto'];

export function createResidentGroup(body: CreateResidentGroup) {
  return unwrap(api.POST('/admin/resident-groups', { body }));
}
