import type { AuditEvent } from '@/api/audit';
import { has, t } from '@/locales';

/** The Chinese name of an audit kind (the code itself for a kind this desk does not know yet). */
export function kindName(kind: string): string {
  return has(`audit.kinds.${kind}`) ? t(`audit.kinds.${kind}`) : kind;
}

const FIELD_NAMES: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  roles: '角色',
  centerCode: '中心',
  unitIds: '所属单位',
  supervisorLevel: '督办级别',
  gridCode: '网格',
  active: '状态',
  password: '密码',
};

const fieldName = (key: string) => FIELD_NAMES[key] ?? (has(`audit.fields.${key}`) ? t(`audit.fields.${key}`) : key);

/** One line on what happened, from the entry's details; never more than the entry holds. */
export function summaryOf(event: AuditEvent): string {
  const details = event.details as Record<string, unknown>;
  switch (event.kind) {
    case 'SIGN_IN_FAILED': {
      const reason = String(details.reason ?? '');
      return t('audit.summary.reason', {
        reason: has(`audit.reasons.${reason}`) ? t(`audit.reasons.${reason}`) : reason,
      });
    }
    case 'USER_CREATED':
      return t('audit.summary.created', {
        username: String((details.after as Record<string, unknown> | undefined)?.username ?? ''),
      });
    case 'USER_CHANGED':
      return t('audit.summary.changed', {
        fields:
          Object.keys((details.after as object | undefined) ?? {})
            .map(fieldName)
            .join('、') || t('audit.none'),
      });
    case 'PERSONAL_DATA_REVEALED': {
      const fields = ((details.fields as string[] | undefined) ?? []).map(fieldName).join('、');
      const view = has(`audit.views.${details.view}`) ? t(`audit.views.${details.view}`) : String(details.view ?? '');
      const params = { view, fields, parties: Number(details.parties ?? 0), caseNo: String(details.caseNo ?? '') };
      return details.caseNo ? t('audit.summary.revealCase', params) : t('audit.summary.reveal', params);
    }
    case 'ROUTING_RULES_CHANGED':
    case 'SLA_POLICY_CHANGED':
    case 'CALENDAR_CHANGED':
      return t('audit.summary.setting', { target: event.targetId ?? '' });
    default:
      return '';
  }
}

/** The object acted on: 账号 / 案件 / 设置 and its id. */
export function targetOf(event: AuditEvent): string {
  if (!event.targetType) return '';
  const type = has(`audit.targets.${event.targetType}`) ? t(`audit.targets.${event.targetType}`) : event.targetType;
  return event.targetId ? `${type} ${event.targetId}` : type;
}
