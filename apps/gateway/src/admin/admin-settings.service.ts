import { Injectable } from '@nestjs/common';
import { validateCalendarYear, type CalendarYear } from '@app/domain/calendar/working-calendar';
import { validateRoutingRules, type RoutingRule } from '@app/domain/routing/routing-rules';
import { validateSlaPolicy, type SlaPolicy, type SlaRule } from '@app/domain/sla/sla-policy';
import { RoutingRulesRepository } from '@app/persistence/repositories/routing-rules.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import type { CalendarGapListDto, CalendarYearDto, RoutingRulesDto, SlaPolicyDto } from './admin.dto';

/** The office's own policy: every case not started on a drill policy runs on it. */
export const OFFICE_SLA_POLICY = 'default';

/**
 * The office settings an ADMIN maintains as data: the routing table, the SLA policy and the
 * holiday calendar. Each PUT replaces the whole thing after the domain's own validation, and
 * applies to decisions taken after it (routing suggestions, deadlines set from then on).
 */
@Injectable()
export class AdminSettingsService {
  constructor(
    private readonly routingRules: RoutingRulesRepository,
    private readonly sla: SlaSettingsRepository,
    private readonly audit: AuditService,
  ) {}

  async routingTable(): Promise<RoutingRulesDto> {
    return { rules: await this.routingRules.load() };
  }

  async replaceRoutingTable(admin: AuthUser, dto: RoutingRulesDto): Promise<RoutingRulesDto> {
    const rules: RoutingRule[] = dto.rules.map((rule) =>
      withoutUndefined({
        category: rule.category,
        gridLevel: rule.gridLevel,
        severity: rule.severity,
        centerCode: rule.centerCode,
        unitLevel: rule.unitLevel,
        slaClass: rule.slaClass,
      }),
    );
    const problems = validateRoutingRules(rules);
    if (problems.length > 0) throw ApiError.rule(problems.map(atRulePath));
    const before = await this.routingRules.load();
    await this.routingRules.replace(rules, admin.id);
    const after = await this.routingTable();
    await this.audit.settingChanged('ROUTING_RULES_CHANGED', admin, 'routing-rules', { rules: before }, after);
    return after;
  }

  async slaPolicy(): Promise<SlaPolicyDto> {
    const { policy } = await this.sla.load(OFFICE_SLA_POLICY, []);
    return toSlaPolicyDto(policy);
  }

  async replaceSlaPolicy(admin: AuthUser, dto: SlaPolicyDto): Promise<SlaPolicyDto> {
    const { policy: current } = await this.sla.load(OFFICE_SLA_POLICY, []);
    const policy: SlaPolicy = withoutUndefined({
      // Not part of the HTTP shape: counts the changes, for whoever reads the table.
      version: (current.version ?? 0) + 1,
      rules: dto.rules.map(toSlaRule),
      escalationSteps: dto.escalationSteps && {
        level2AfterMs: dto.escalationSteps.level2AfterMs,
        level3AfterMs: dto.escalationSteps.level3AfterMs,
      },
      autoApproveSimple: dto.autoApproveSimple,
      workingDayMs: dto.workingDayMs,
    });
    const problems = validateSlaPolicy(policy);
    if (problems.length > 0) throw ApiError.rule(problems.map(atRulePath));
    await this.sla.savePolicy(OFFICE_SLA_POLICY, policy, admin.id);
    await this.audit.settingChanged(
      'SLA_POLICY_CHANGED',
      admin,
      'sla-policy',
      toSlaPolicyDto(current),
      toSlaPolicyDto(policy),
    );
    return toSlaPolicyDto(policy);
  }

  async calendarGaps(): Promise<CalendarGapListDto> {
    const gaps = await this.sla.calendarGaps();
    return {
      items: gaps.map((g) => ({
        year: g.year,
        firstSeenAt: g.firstSeenAt.toISOString(),
        lastSeenAt: g.lastSeenAt.toISOString(),
        lookups: g.lookups,
      })),
      nextCursor: null,
    };
  }

  async calendarYear(year: number): Promise<CalendarYearDto> {
    const [calendar] = await this.sla.calendarYears([year]);
    if (!calendar) throw ApiError.notFound(`calendar year ${year}`);
    return { holidays: calendar.holidays, workdays: calendar.workdays };
  }

  async replaceCalendarYear(admin: AuthUser, year: number, dto: CalendarYearDto): Promise<CalendarYearDto> {
    const problems = validateCalendarYear({ year, holidays: dto.holidays, workdays: dto.workdays });
    if (problems.length > 0) throw ApiError.rule(problems);
    // A date listed twice means the same as once: stored once, in order.
    const calendar: CalendarYear = { year, holidays: sortedUnique(dto.holidays), workdays: sortedUnique(dto.workdays) };
    const [before] = await this.sla.calendarYears([year]);
    await this.sla.saveCalendarYear(calendar);
    const after = { holidays: calendar.holidays, workdays: calendar.workdays };
    await this.audit.settingChanged(
      'CALENDAR_CHANGED',
      admin,
      `calendar/${year}`,
      before ? { holidays: before.holidays, workdays: before.workdays } : null,
      after,
    );
    return after;
  }
}

/**
 * The domain names a rule by its number ("rule 4 (…): …", "row 4 (…): …"); the answer puts the
 * body path first, as for every other bad field (`rules.3: rule 4 (…): …`), so a client can show
 * the message beside that row. Problems of the whole table read `rules: …`; those that already
 * name their field (`escalationSteps: …`) stay as they are.
 */
export function atRulePath(problem: string): string {
  const numbered = /^(?:rule|row) (\d+) /.exec(problem);
  if (numbered) return `rules.${Number(numbered[1]) - 1}: ${problem}`;
  return /^[A-Za-z]\w*: /.test(problem) ? problem : `rules: ${problem}`;
}

function toSlaRule(rule: SlaRule): SlaRule {
  return withoutUndefined({
    stage: rule.stage,
    slaClass: rule.slaClass,
    urgent: rule.urgent,
    workingDays: rule.workingDays,
    duration: rule.duration,
  });
}

function toSlaPolicyDto(policy: SlaPolicy): SlaPolicyDto {
  return withoutUndefined({
    rules: policy.rules.map(toSlaRule),
    escalationSteps: policy.escalationSteps,
    autoApproveSimple: policy.autoApproveSimple,
    workingDayMs: policy.workingDayMs,
  });
}

/** Fields left out stay out of the stored JSON and the answer, rather than appearing as null. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function sortedUnique(dates: string[]): string[] {
  return [...new Set(dates)].sort();
}
