import { useAuthStore } from '@/store/auth';
import { toApiError, type ErrorBody } from './errors';
import { API_BASE, api, unwrap } from './request';
import type { components, paths } from './schema';

/** 通报: the kept briefings (SUPERVISOR and ADMIN, as GET /api/stats). */
type Schemas = components['schemas'];
export type Briefing = Schemas['BriefingDto'];
export type BriefingSummary = Schemas['BriefingSummaryDto'];
export type BriefingFigures = Schemas['BriefingFiguresDto'];
export type BriefingRow = Schemas['BriefingRowDto'];
export type CreateBriefing = Schemas['CreateBriefingDto'];
export type BriefingListQuery = NonNullable<paths['/api/briefings']['get']['parameters']['query']>;

export function listBriefings(query: BriefingListQuery = {}) {
  return unwrap(api.GET('/briefings', { params: { query } }));
}

export function getBriefing(id: string) {
  return unwrap(api.GET('/briefings/{id}', { params: { path: { id } } }));
}

/** Each POST carries an Idempotency-Key of its own (api/request.ts). */
export function createBriefing(body: CreateBriefing) {
  return unwrap(api.POST('/briefings', { body }));
}

/** A briefing's file (`xlsx` or `pdf`) as the browser's download, under `name`. */
export async function downloadBriefing(id: string, format: 'xlsx' | 'pdf', name: string): Promise<void> {
  const token = useAuthStore().token;
  const response = await fetch(`${API_BASE}/briefings/${id}.${format}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) {
    let body: ErrorBody | undefined;
    try {
      body = (await response.json()) as ErrorBody;
    } catch {
      body = undefined;
    }
    throw toApiError(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
