/**
 * Screening drives (矛盾纠纷大排查, docs/screening-drives.md): a period, the grids it covers, one
 * screening per grid, and the ladder of a grid left unscreened. Pure; the drive's workflow and the
 * gateway use it. The warning to a grid's community comes at 80 % of the period, as a stage
 * deadline's does (WARNING_SHARE).
 */

import { WARNING_SHARE } from '../sla/escalation-ladder';

/** The supervisor level that may open a drive (street and district: 2 and 3). */
export const DRIVE_OPENER_MIN_LEVEL = 2;

/** At most this many grids in one drive (the street has 146), and findings in one screening. */
export const DRIVE_MAX_GRIDS = 500;
export const SCREENING_MAX_FINDINGS = 20;

/** A period may start this far in the past (a drive opened the morning after it began). */
export const DRIVE_START_GRACE_MS = 24 * 60 * 60 * 1000;
/** The shortest period: one minute (real drives last days or weeks; the drills run on minutes). */
export const DRIVE_MIN_PERIOD_MS = 60 * 1000;

/** One alert point of a drive: the warning at 80 %, the escalation at the end. */
export interface DrivePoint {
  kind: 'WARNING' | 'ESCALATION';
  level: 0 | 1;
  at: string;
}

/** The points of a drive's period: the warning at 80 % of it, the escalation (level 1) at its end. */
export function drivePoints(startsAt: Date, endsAt: Date): DrivePoint[] {
  const start = startsAt.getTime();
  const length = endsAt.getTime() - start;
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    { kind: 'WARNING', level: 0, at: at(start + Math.round(length * WARNING_SHARE)) },
    { kind: 'ESCALATION', level: 1, at: at(endsAt.getTime()) },
  ];
}

/**
 * The alert's sequence within the drive: the grid's position × 2 + level, so each grid's warning
 * and escalation are each stored once, whatever retries or restarts do.
 */
export function driveAlertSeq(gridPosition: number, level: 0 | 1): number {
  return gridPosition * 2 + level;
}

export interface OpenDriveInput {
  title: string;
  startsAt: Date;
  endsAt: Date;
  communityCodes: string[];
  gridCodes: string[];
}

/** What the territory knows, for checking the grids and communities a drive names. */
export interface DriveTerritory {
  /** Active base grids (the ones a worker patrols), with their community. */
  baseGrids: { code: string; communityCode: string }[];
  /** Active communities. */
  communities: string[];
}

/**
 * The problems of a drive to open (`field: text`, as the 422s name them), empty when sound; the
 * grids it covers are then the named grids and every active base grid of the named communities.
 */
export function openDriveProblems(input: OpenDriveInput, territory: DriveTerritory, now: Date): string[] {
  const problems: string[] = [];
  if (input.communityCodes.length === 0 && input.gridCodes.length === 0)
    problems.push('communityCodes: name the communities or the grids (gridCodes) the drive covers');
  const communities = new Set(territory.communities);
  for (const code of input.communityCodes)
    if (!communities.has(code)) problems.push(`communityCodes: unknown or deactivated community "${code}"`);
  const grids = new Set(territory.baseGrids.map((g) => g.code));
  for (const code of input.gridCodes)
    if (!grids.has(code)) problems.push(`gridCodes: "${code}" is not an active base grid`);
  if (input.endsAt.getTime() - input.startsAt.getTime() < DRIVE_MIN_PERIOD_MS)
    problems.push('endsAt: the period must last at least one minute after startsAt');
  if (input.startsAt.getTime() < now.getTime() - DRIVE_START_GRACE_MS)
    problems.push('startsAt: a drive may start at most one day in the past');
  if (input.endsAt.getTime() <= now.getTime()) problems.push('endsAt: the period is over already');
  if (problems.length === 0 && coveredGrids(input, territory).length > DRIVE_MAX_GRIDS)
    problems.push(`gridCodes: a drive covers at most ${DRIVE_MAX_GRIDS} grids`);
  if (problems.length === 0 && coveredGrids(input, territory).length === 0)
    problems.push('communityCodes: the communities named have no active base grid');
  return problems;
}

/** The grids a drive covers, each once, ordered by code: their positions number the alerts. */
export function coveredGrids(
  input: Pick<OpenDriveInput, 'communityCodes' | 'gridCodes'>,
  territory: DriveTerritory,
): { code: string; communityCode: string }[] {
  const communities = new Set(input.communityCodes);
  const named = new Set(input.gridCodes);
  return territory.baseGrids
    .filter((g) => communities.has(g.communityCode) || named.has(g.code))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** A screening as a grid worker sends it: nothing found, or one finding or more. */
export interface ScreeningInput {
  nothingFound?: boolean;
  findings?: unknown[];
}

/** The problems of a screening's form (`field: text`): exactly one of "nothing found" and findings. */
export function screeningProblems(input: ScreeningInput): string[] {
  const findings = input.findings?.length ?? 0;
  if (input.nothingFound === true && findings > 0)
    return ['findings: a screening with findings is not "nothing found" (nothingFound: true): send one or the other'];
  if (input.nothingFound !== true && findings === 0)
    return ['findings: give the findings, or nothingFound: true when the grid has none'];
  if (findings > SCREENING_MAX_FINDINGS) return [`findings: at most ${SCREENING_MAX_FINDINGS} in one screening`];
  return [];
}

/** Where a drive stands at a moment. */
export type DriveStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';

export function driveStatus(startsAt: Date, endsAt: Date, now: Date): DriveStatus {
  if (now.getTime() < startsAt.getTime()) return 'SCHEDULED';
  return now.getTime() < endsAt.getTime() ? 'OPEN' : 'CLOSED';
}

/** Whether a screening may be recorded now: from the start on; after the end it is recorded late. */
export function screeningTiming(startsAt: Date, endsAt: Date, at: Date): 'EARLY' | 'ON_TIME' | 'LATE' {
  const status = driveStatus(startsAt, endsAt, at);
  return status === 'SCHEDULED' ? 'EARLY' : status === 'OPEN' ? 'ON_TIME' : 'LATE';
}

/** One community's coverage: grids screened of grids covered. */
export interface CommunityCoverage {
  communityCode: string;
  covered: number;
  screened: number;
  withFindings: number;
  findings: number;
}

/** Coverage of a drive, by community (ordered by code) and in all. */
export function driveCoverage(grids: { communityCode: string; screened: boolean; findings: number }[]): {
  covered: number;
  screened: number;
  findings: number;
  byCommunity: CommunityCoverage[];
} {
  const by = new Map<string, CommunityCoverage>();
  for (const grid of grids) {
    const c = by.get(grid.communityCode) ?? {
      communityCode: grid.communityCode,
      covered: 0,
      screened: 0,
      withFindings: 0,
      findings: 0,
    };
    c.covered += 1;
    if (grid.screened) c.screened += 1;
    if (grid.findings > 0) c.withFindings += 1;
    c.findings += grid.findings;
    by.set(grid.communityCode, c);
  }
  const byCommunity = [...by.values()].sort((a, b) => (a.communityCode < b.communityCode ? -1 : 1));
  return {
    covered: grids.length,
    screened: grids.filter((g) => g.screened).length,
    findings: grids.reduce((n, g) => n + g.findings, 0),
    byCommunity,
  };
}
