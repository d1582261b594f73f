import type { Alert } from '@/api/alerts';
import { has, t } from '@/locales';

/** A key person's visit (走访) due or missed: the alert's caseId is the key person's id (docs/key-persons.md). */
export const isKeyPersonAlert = (alert: Pick<Alert, 'reason'>): boolean => alert.reason === 'KEY_PERSON_VISIT';

/** What an alert is about: the case number, or 重点人员 for a key person's visit. */
export function alertSubject(alert: Pick<Alert, 'reason' | 'caseNo'>): string {
  if (isKeyPersonAlert(alert)) return t('supervisor.alerts.keyPerson');
  return alert.caseNo ?? t('supervisor.alerts.noCaseNo');
}

/** Where the alert leads: the case's page, or the key person's. */
export const alertLink = (alert: Pick<Alert, 'reason' | 'caseId'>): string =>
  isKeyPersonAlert(alert) ? `/key-persons/${alert.caseId}` : `/cases/${alert.caseId}`;

/** 一级督办 … 三级督办 for an escalation; 预警 has no level of its own (level 0). */
export function alertLevelText(alert: Pick<Alert, 'kind' | 'level'>): string {
  if (alert.kind === 'WARNING' || alert.level < 1) return t('supervisor.kind.WARNING');
  const key = `supervisor.levelName.${alert.level}`;
  return has(key) ? t(key) : t('supervisor.kind.ESCALATION');
}
