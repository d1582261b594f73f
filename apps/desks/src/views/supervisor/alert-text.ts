import type { Alert } from '@/api/alerts';
import { has, t } from '@/locales';

/** A key person's visit (走访) due or missed: the alert's caseId is the key person's id (docs/key-persons.md). */
export const isKeyPersonAlert = (alert: Pick<Alert, 'reason'>): boolean => alert.reason === 'KEY_PERSON_VISIT';

/** A grid of a screening drive without a screening: the alert's caseId is the drive's id (docs/screening-drives.md). */
export const isDriveAlert = (alert: Pick<Alert, 'reason'>): boolean => alert.reason === 'SCREENING_DRIVE';

/** What an alert is about: the case number, 重点人员 for a key person's visit, 大排查 for a drive's grid. */
export function alertSubject(alert: Pick<Alert, 'reason' | 'caseNo'>): string {
  if (isKeyPersonAlert(alert)) return t('supervisor.alerts.keyPerson');
  if (isDriveAlert(alert)) return t('supervisor.alerts.drive');
  return alert.caseNo ?? t('supervisor.alerts.noCaseNo');
}

/** The stage column: the case's stage, 走访 or 排查. */
export function alertStageText(alert: Pick<Alert, 'reason' | 'stage'>, stageLabel: (stage: string) => string): string {
  if (isKeyPersonAlert(alert)) return t('supervisor.alerts.keyPersonStage');
  if (isDriveAlert(alert)) return t('supervisor.alerts.driveStage');
  return stageLabel(alert.stage);
}

/** Where the alert leads: the case's page, the key person's, or the drive's. */
export const alertLink = (alert: Pick<Alert, 'reason' | 'caseId'>): string =>
  isKeyPersonAlert(alert)
    ? `/key-persons/${alert.caseId}`
    : isDriveAlert(alert)
      ? `/drives/${alert.caseId}`
      : `/cases/${alert.caseId}`;

/** The link's words: 查看案件, 查看重点人员 or 查看排查. */
export function alertLinkText(alert: Pick<Alert, 'reason'>): string {
  if (isKeyPersonAlert(alert)) return t('supervisor.alerts.openKeyPerson');
  if (isDriveAlert(alert)) return t('supervisor.alerts.openDrive');
  return t('supervisor.alerts.openCase');
}

/** 一级督办 … 三级督办 for an escalation; 预警 has no level of its own (level 0). */
export function alertLevelText(alert: Pick<Alert, 'kind' | 'level'>): string {
  if (alert.kind === 'WARNING' || alert.level < 1) return t('supervisor.kind.WARNING');
  const key = `supervisor.levelName.${alert.level}`;
  return has(key) ? t(key) : t('supervisor.kind.ESCALATION');
}
