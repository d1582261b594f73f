import type { Alert } from '@/api/alerts';
import { has, t } from '@/locales';

/** 一级督办 … 三级督办 for an escalation; 预警 has no level of its own (level 0). */
export function alertLevelText(alert: Pick<Alert, 'kind' | 'level'>): string {
  if (alert.kind === 'WARNING' || alert.level < 1) return t('supervisor.kind.WARNING');
  const key = `supervisor.levelName.${alert.level}`;
  return has(key) ? t(key) : t('supervisor.kind.ESCALATION');
}
