import { HttpStatus, Injectable } from '@nestjs/common';
import type { Severity, SlaClass } from '@app/domain/enums';
import { suggestRouting } from '@app/domain/routing/routing-rules';
import { findGrid, findUnit, mainUnitOfCenter, resolveUnit } from '@app/domain/territory';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { CaseReadRepository, type CaseScope } from '@app/persistence/repositories/case-read.repository';
import { RoutingRulesRepository } from '@app/persistence/repositories/routing-rules.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { KeyPersonService } from '../key-persons/key-person.service';
import { maskPersonalData, seesPersonalData } from './case-access';
import { CaseViewService } from './case-view.service';
import type {
  CaseListDto,
  CaseListQueryDto,
  CaseViewDto,
  MediatorDto,
  RoutingSuggestionDto,
  TimelineEventDto,
} from './dispute.dto';
import { DisputeWorkflowClient } from './dispute-workflow.client';

/** Reads of cases: the list, one case, its timeline, its pool's mediators, its routing suggestion. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly workflow: DisputeWorkflowClient,
    private readonly views: CaseViewService,
    private readonly cases: CaseReadRepository,
    private readonly events: CaseEventRepository,
    private readonly users: UserRepository,
    private readonly territory: TerritoryRepository,
    private readonly routingRules: RoutingRulesRepository,
    private readonly keyPersons: KeyPersonService,
  ) {}

  async get(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    const row = await this.views.visibleCase(user, caseId);
    const view = await this.views.withAssigneeName(this.views.view(user, row, await this.workflow.state(caseId)));
    await this.views.recordReveal(user, row, 'case', view.parties);
    // The key persons its parties matched at intake: for the register's users only (docs/key-persons.md).
    const keyPersons = await this.keyPersons.caseLinks(user, caseId);
    return keyPersons === undefined ? view : { ...view, keyPersons };
  }

  /** Newest first, within what the caller may see; personal data masked. */
  async list(user: AuthUser, query: CaseListQueryDto): Promise<CaseListDto> {
    const { limit, cursor, ...filter } = query;
    const page = await this.cases.list({ ...filter, scope: listScope(user) }, { limit, cursor });
    return { items: page.items.map((row) => this.views.view(user, row, undefined, true)), nextCursor: page.nextCursor };
  }

  /**
   * The case's events in order, each actor named (staff by display name; system and party: null),
   * personal data masked in every payload for a role the case view masks it for.
   */
  async timeline(user: AuthUser, caseId: string): Promise<TimelineEventDto[]> {
    const row = await this.views.visibleCase(user, caseId);
    const events = await this.events.timeline(caseId);
    const names = await this.users.displayNames(events.map((e) => e.actor.userId));
    const mask = !seesPersonalData(user);
    await this.views.recordReveal(
      user,
      row,
      'timeline',
      events.map((e) => e.data),
    );
    return events.map((e) => ({
      ...e,
      data: mask ? maskPersonalData(e.data) : e.data,
      actor: { ...e.actor, displayName: names.get(e.actor.userId) ?? null },
    }));
  }

  /** The active mediators of the case's pool, whom a supervisor may hand it to. */
  async mediatorsOfCase(user: AuthUser, caseId: string): Promise<MediatorDto[]> {
    const row = await this.views.visibleCase(user, caseId);
    const unitId = (await this.workflow.state(caseId))?.unitId ?? row.unitId;
    return unitId ? this.users.activeMediatorsOf(unitId) : [];
  }

  /** The rule table's suggestion for the case, with the unit resolved in the case's community. */
  async routingSuggestion(user: AuthUser, caseId: string): Promise<RoutingSuggestionDto> {
    const row = await this.views.visibleCase(user, caseId);
    // The case's grid may have been deactivated since: the case still gets its suggestion.
    const [territory, rules] = await Promise.all([
      this.territory.load({ withInactiveGrids: true }),
      this.routingRules.load(),
    ]);
    const grid = findGrid(territory, row.gridCode);
    if (!grid)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'RULE_VIOLATION',
        `the case's grid ${row.gridCode} no longer exists`,
      );
    // The flag kept on the case at intake (DOMAIN.md): routing then defaults to MAJOR.
    const repeatParty = row.repeatParty !== null;
    // "Small matters stay in the community", second step: what a community-level unit could not
    // resolve goes up to the street-level unit of the same center (DOMAIN.md "Routing").
    const current = row.unitId ? findUnit(territory, row.unitId) : undefined;
    if (
      row.stage === 'SUPERVISION' &&
      current?.level === 'COMMUNITY' &&
      (await this.events.lastHandlingOutcome(caseId)) === 'UNRESOLVED'
    ) {
      const up = mainUnitOfCenter(territory, current.centerCode);
      return {
        centerCode: current.centerCode,
        unitId: up.id,
        slaClass: row.slaClass as SlaClass,
        severity: row.severity as Severity,
        reasons: [
          `Handling by the community-level unit ${current.name} ended UNRESOLVED: the case goes up a level to the street-level unit of center ${current.centerCode}.`,
          `Unit: ${up.name}.`,
        ],
        repeatParty,
        upALevel: true,
      };
    }
    // A party matched a key person at intake: MAJOR, with that reason (docs/key-persons.md).
    const keyPerson = await this.keyPersons.isLinked(caseId);
    const suggestion = suggestRouting(
      {
        category: row.category as never,
        gridLevel: grid.level,
        severity: keyPerson ? 'MAJOR' : (row.severity as Severity),
        repeatParty,
      },
      rules,
    );
    if (keyPerson && row.severity !== 'MAJOR')
      suggestion.reasons.unshift('A party matches a key person (重点人员) of the register: severity MAJOR.');
    const unit = resolveUnit(territory, {
      centerCode: suggestion.centerCode,
      unitLevel: suggestion.unitLevel,
      gridCode: row.gridCode,
    });
    return {
      centerCode: suggestion.centerCode,
      unitId: unit.id,
      slaClass: suggestion.slaClass,
      severity: suggestion.severity,
      reasons: [...suggestion.reasons, `Unit: ${unit.name}.`],
      repeatParty,
      upALevel: false,
    };
  }
}

/** The list's counterpart of canSeeCase: the broadest restriction among the user's roles. */
export function listScope(user: AuthUser): CaseScope | undefined {
  const unrestricted = user.roles.some(
    (role) => role === 'CLERK' || role === 'ADMIN' || (role === 'SUPERVISOR' && (user.supervisorLevel ?? 1) >= 2),
  );
  if (unrestricted) return undefined;
  // A level-1 supervisor: their center's cases and those that asked a unit of their center for assistance.
  if (user.roles.includes('SUPERVISOR')) return { centerCode: user.centerCode ?? '', orAssistedBy: true };
  if (user.roles.includes('MEDIATOR')) return { unitIds: user.unitIds };
  return { reportedBy: user.id };
}
