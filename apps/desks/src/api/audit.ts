import { api, unwrap } from './request';
import type { components, operations } from './schema';

/** 审计日志: the security audit trail (ADMIN): sign-ins, account and settings changes, reveals of personal data. */
export type AuditEvent = components['schemas']['AuditEventDto'];
export type AuditKind = AuditEvent['kind'];
export type AuditQuery = NonNullable<operations['AuditController_list']['parameters']['query']>;

export function listAudit(query: AuditQuery = {}) {
  return unwrap(api.GET('/admin/audit', { params: { query } }));
}
