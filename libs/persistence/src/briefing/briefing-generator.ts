import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  assembleBriefing,
  assistanceByAssistingSide,
  BRIEFING_SECTIONS,
  type BriefingFigures,
  type BriefingSectionKey,
  monthPeriod,
} from '@app/domain/briefing/briefing';
import { StatsRepository } from '../repositories/stats.repository';
import { TerritoryRepository } from '../repositories/territory.repository';
import { readStats } from '../stats-read';
import { BriefingRepository, type BriefingRecord } from './briefing.repository';
import { screeningCoverage } from './briefing-extras';

/** Names of groups without a key, as the statistics page says them. */
const NO_GROUP: Record<BriefingSectionKey, string> = { center: '尚未分流', unit: '尚未分流', community: '未归属社区' };
const UNKNOWN = '（名称未知）';

export type BriefingRequest =
  | { kind: 'MONTHLY'; month: string; by: string | null }
  | { kind: 'ON_DEMAND'; from: Date; to: Date; month?: string | null; by: string | null };

/**
 * Generates and keeps a briefing: the measures of each section read through readStats (the call
 * GET /api/stats makes), the names of the groups from the territory as it stands, 协办按时率 from
 * those same figures (assistanceByAssistingSide) and 排查覆盖率 from the drives
 * (briefing-extras.ts); then one row in `briefings`. A month's briefing is kept once: a
 * second generation of the same month answers the one kept (`created: false`).
 */
export class BriefingGenerator {
  private readonly briefings: BriefingRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: StatsRepository = new StatsRepository(dataSource),
  ) {
    this.briefings = new BriefingRepository(dataSource);
  }

  async generate(request: BriefingRequest, now = new Date()): Promise<{ briefing: BriefingRecord; created: boolean }> {
    if (request.kind === 'MONTHLY') {
      const kept = await this.briefings.findMonthly(request.month);
      if (kept) return { briefing: kept, created: false };
    }
    const { from, to } = request.kind === 'MONTHLY' ? monthPeriod(request.month) : request;
    const month = request.month ?? null;
    const figures = await this.figures(from, to, month, now);
    const id = randomUUID();
    const inserted = await this.briefings.insert({
      id,
      kind: request.kind,
      month,
      from,
      to,
      generatedAt: now,
      generatedBy: request.by,
      figures,
    });
    if (!inserted && request.kind === 'MONTHLY') {
      // Another run kept the month first.
      return { briefing: (await this.briefings.findMonthly(request.month))!, created: false };
    }
    return { briefing: (await this.briefings.findById(id))!, created: true };
  }

  /** The figures of [from, to), read now. */
  async figures(from: Date, to: Date, month: string | null, now = new Date()): Promise<BriefingFigures> {
    const [territory, ...read] = await Promise.all([
      new TerritoryRepository(this.dataSource).loadAll(),
      ...BRIEFING_SECTIONS.map(async (key) => ({
        key,
        stats: await readStats(this.stats, { from, to, groupBy: key }, now),
        screeningCoverage: await screeningCoverage(this.dataSource, key, from, to),
      })),
    ]);
    const units = new Map(territory.units.map((u) => [u.id, u]));
    const sections = read.map(({ key, stats, screeningCoverage }) => ({
      key,
      stats,
      extras: {
        assistanceOnTime: assistanceByAssistingSide(stats.groups, key, (id) => units.get(id)),
        screeningCoverage,
      },
    }));
    const names: Record<BriefingSectionKey, Map<string, string>> = {
      center: new Map(territory.centers.map((c) => [c.code, c.name])),
      unit: new Map(territory.units.map((u) => [u.id, u.name])),
      community: new Map(territory.communities.map((c) => [c.code, c.name])),
    };
    const street = territory.grids.find((g) => g.level === 'STREET');
    return assembleBriefing({
      from,
      to,
      month,
      asOf: now,
      streetName: street?.name ?? '',
      sections: sections.map(({ key, stats, extras }) => ({
        key,
        groups: stats.groups,
        nameOf: (group) => (group === null ? NO_GROUP[key] : (names[key].get(group) ?? UNKNOWN)),
        extras,
      })),
    });
  }
}
