import { addValidationTexts } from '@/api/errors';
import { t } from '@/locales';

/** The gateway's screening-drive rule texts (docs/screening-drives.md), in Chinese; registered once. */
let added = false;
export function addDriveTexts(): void {
  if (added) return;
  added = true;
  addValidationTexts([
    [/name the communities or the grids/, () => t('drives.validation.noCoverage')],
    [/unknown or deactivated community/, () => t('drives.validation.unknownCommunity')],
    [/is not an active base grid/, () => t('drives.validation.notBaseGrid')],
    [/the period must last at least one minute/, () => t('drives.validation.shortPeriod')],
    [/a drive may start at most one day in the past/, () => t('drives.validation.startTooEarly')],
    [/the period is over already/, () => t('drives.validation.over')],
    [/the communities named have no active base grid/, () => t('drives.validation.emptyCommunities')],
    [/a drive covers at most/, () => t('drives.validation.tooManyGrids')],
    [/give the findings, or nothingFound|a screening with findings is not/, () => t('drives.validation.outcome')],
    [/at most \d+ in one screening/, () => t('drives.validation.tooManyFindings')],
    [/the drive starts at/, () => t('drives.validation.notStarted')],
  ]);
}
