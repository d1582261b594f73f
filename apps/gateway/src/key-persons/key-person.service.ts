import { createHash, randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { KEY_PERSON_WORKFLOW_TYPE, keyPersonWorkflowId, replanVisitsSignal } from '@app/contracts';
import { INTAKE_CENTER } from '@app/domain/enums';
import { validateVisitPolicy, visitPoints, type VisitRule } from '@app/domain/key-persons/visit-ladder';
import {
  KeyPersonRepository,
  type KeyPersonRow,
  type KeyPersonVisit,
} from '@app/persistence/repositories/key-person.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { currentOperationId } from '../common/idempotency.interceptor';
import { maskIdNumber, maskPhone } from '../disputes/case-access';
import { TemporalClientProvider } from '../infrastructure/temporal.module';
import { KEY_PERSON_STAFF_ROLES, mayUseKeyPersonRegister } from './key-person-access';
import type {
  CaseKeyPersonDto,
  CreateKeyPersonDto,
  KeyPersonDetailDto,
  KeyPersonDto,
  KeyPersonListDto,
  KeyPersonListQueryDto,
  KeyPersonVisitDto,
  RecordVisitDto,
  UpdateKeyPersonDto,
  VisitPolicyDto,
} from './key-person.dto';
import { uuidOf } from '../common/derived-id';

/** A visit may be dated this far ahead of the gateway's clock (clocks differ a little). */
const CLOCK_SKEW_MS = 60_000;

/**
 * The key-person register (重点人员): the register's users only, every read of a record in the
 * audit trail, and each person's watch (a Temporal workflow) told of every change.
 */
@Injectable()
export class KeyPersonService {
  constructor(
    private readonly persons: KeyPersonRepository,
    private readonly territory: TerritoryRepository,
    private readonly users: UserRepository,
    private readonly temporal: TemporalClientProvider,
    private readonly audit: AuditService,
  ) {}

  /** Newest first; phone and ID numbers masked (as the case lists). */
  async list(user: AuthUser, query: KeyPersonListQueryDto): Promise<KeyPersonListDto> {
    const { limit, cursor, ...filter } = query;
    const [page, policy] = await Promise.all([
      this.persons.list({ ...filter, page: { limit, cursor } }),
      this.persons.visitPolicy(),
    ]);
    await this.audit.record('KEY_PERSONS_LISTED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'key_person',
      details: { ids: page.items.map((p) => p.id) },
    });
    return { items: page.items.map((row) => toDto(row, policy, true)), nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, id: string): Promise<KeyPersonDetailDto> {
    const detail = await this.detail(id);
    await this.recordRead(user, id, 'record');
    return detail;
  }

  async create(user: AuthUser, dto: CreateKeyPersonDto): Promise<KeyPersonDetailDto> {
    if (!dto.phone && !dto.idNumber)
      throw ApiError.rule(['phone: give the phone or the idNumber (or both): a key person is matched by them']);
    const centerCode = await this.checkPlace(dto.gridCode, dto.responsibleId);
    const operation = currentOperationId();
    const id = operation ? uuidOf(createHash('sha256').update(`key-person:${operation}`).digest('hex')) : randomUUID();
    await this.persons.create({
      id,
      name: dto.name,
      phone: dto.phone ?? null,
      idNumber: dto.idNumber?.toUpperCase() ?? null,
      reason: dto.reason,
      note: dto.note ?? null,
      riskLevel: dto.riskLevel,
      gridCode: dto.gridCode,
      responsibleId: dto.responsibleId,
      centerCode,
      registeredBy: user.id,
    });
    await this.audit.record('KEY_PERSON_CREATED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'key_person',
      targetId: id,
    });
    await this.tellWatch(id);
    return this.detail(id);
  }

  async update(user: AuthUser, id: string, dto: UpdateKeyPersonDto): Promise<KeyPersonDetailDto> {
    const before = await this.require(id);
    const grid = dto.gridCode ?? before.gridCode;
    const responsible = dto.responsibleId ?? before.responsibleId;
    const centerCode =
      dto.gridCode !== undefined || dto.responsibleId !== undefined
        ? await this.checkPlace(grid, responsible)
        : undefined;
    const changes = { ...dto, idNumber: dto.idNumber?.toUpperCase(), centerCode };
    await this.persons.update(id, changes);
    // Which fields changed, never their values (personal data stays out of the audit trail).
    const fields = Object.keys(dto).filter((key) => (dto as Record<string, unknown>)[key] !== undefined);
    await this.audit.record('KEY_PERSON_CHANGED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'key_person',
      targetId: id,
      details: { fields },
    });
    await this.tellWatch(id);
    return this.detail(id);
  }

  async recordVisit(user: AuthUser, id: string, dto: RecordVisitDto): Promise<KeyPersonDetailDto> {
    const person = await this.require(id);
    if (!person.active)
      throw ApiError.rule([
        `key person ${id} is off the register: put them back (active: true) before recording a visit`,
      ]);
    const visitedAt = dto.visitedAt ? new Date(dto.visitedAt) : new Date();
    if (visitedAt.getTime() > Date.now() + CLOCK_SKEW_MS)
      throw ApiError.rule(['visitedAt: a visit cannot be recorded before it took place (the time is in the future)']);
    if (visitedAt.getTime() < new Date(person.registeredAt).getTime())
      throw ApiError.rule(['visitedAt: before the person was registered']);
    const operation = currentOperationId();
    const visitId = operation
      ? uuidOf(createHash('sha256').update(`key-person-visit:${operation}`).digest('hex'))
      : randomUUID();
    await this.persons.addVisit({ id: visitId, keyPersonId: id, visitedAt, visitedBy: user.id, note: dto.note });
    await this.audit.record('KEY_PERSON_VISIT_RECORDED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'key_person',
      targetId: id,
    });
    // After the visit is stored, so that the watch reads it when it plans again. Temporal down:
    // 503; the visit stays recorded, and a retry under the same Idempotency-Key tells the watch.
    await this.tellWatch(id);
    return this.detail(id);
  }

  visitPolicy(): Promise<VisitPolicyDto> {
    return this.persons.visitPolicy().then((rules) => ({ rules }));
  }

  async replaceVisitPolicy(admin: AuthUser, dto: VisitPolicyDto): Promise<VisitPolicyDto> {
    const problems = validateVisitPolicy(dto.rules);
    if (problems.length > 0) throw ApiError.rule(problems);
    const before = await this.persons.visitPolicy();
    await this.persons.replaceVisitPolicy(dto.rules, admin.username);
    await this.audit.record('KEY_PERSON_VISIT_POLICY_CHANGED', {
      actorId: admin.id,
      actorUsername: admin.username,
      targetType: 'setting',
      targetId: 'key-person-visit-policy',
      details: { before, after: dto.rules },
    });
    // Deadlines of visits are placed again when each watch next plans (after a visit or a change).
    return this.visitPolicy();
  }

  /** Links a new report to every active key person one of its parties matches (phone or ID number). */
  async linkReport(caseId: string, parties: { phone?: string; idNumber?: string }[]): Promise<boolean> {
    const phones = parties.flatMap((p) => (p.phone ? [p.phone] : []));
    const idNumbers = parties.flatMap((p) => (p.idNumber ? [p.idNumber] : []));
    const matches = await this.persons.matching(phones, idNumbers);
    await this.persons.linkCase(caseId, matches);
    return matches.length > 0;
  }

  isLinked(caseId: string): Promise<boolean> {
    return this.persons.isCaseLinked(caseId);
  }

  /**
   * The key persons a case is linked to, for the register's users (each read audited); undefined
   * for everyone else, so the case view leaves the field out.
   */
  async caseLinks(user: AuthUser, caseId: string): Promise<CaseKeyPersonDto[] | undefined> {
    if (!mayUseKeyPersonRegister(user)) return undefined;
    const links = await this.persons.links({ caseId });
    for (const link of links) await this.recordRead(user, link.keyPersonId, 'case', { caseId });
    return links.map((l) => ({
      keyPersonId: l.keyPersonId,
      name: l.name,
      riskLevel: l.riskLevel,
      reason: l.reason,
      matchedOn: l.matchedOn,
    }));
  }

  private async detail(id: string): Promise<KeyPersonDetailDto> {
    const person = await this.require(id);
    const [policy, visits, cases] = await Promise.all([
      this.persons.visitPolicy(),
      this.persons.visits(id),
      this.persons.links({ keyPersonId: id }),
    ]);
    return {
      ...toDto(person, policy, false),
      visits: visits.map(visitDto),
      cases: cases.map((c) => ({
        caseId: c.caseId,
        caseNo: c.caseNo,
        matchedOn: c.matchedOn,
        linkedAt: new Date(c.linkedAt).toISOString(),
      })),
    };
  }

  private async require(id: string): Promise<KeyPersonRow> {
    const person = await this.persons.findById(id);
    if (!person) throw ApiError.notFound(`key person ${id}`);
    return person;
  }

  /** The grid must exist and the responsible staff member be an active account of the register's roles; answers their center. */
  private async checkPlace(gridCode: string, responsibleId: string): Promise<string> {
    const problems: string[] = [];
    const grid = await this.territory.findGrid(gridCode);
    if (!grid) problems.push(`gridCode: unknown grid "${gridCode}"`);
    const responsible = await this.users.findActiveById(responsibleId);
    if (!responsible) problems.push(`responsibleId: no active account ${responsibleId}`);
    else if (!responsible.roles.some((r) => (KEY_PERSON_STAFF_ROLES as readonly string[]).includes(r))) {
      problems.push(
        `responsibleId: ${responsible.username} is neither CLERK nor SUPERVISOR, so may not open the register`,
      );
    }
    if (problems.length > 0) throw ApiError.rule(problems);
    return responsible!.centerCode ?? INTAKE_CENTER;
  }

  private recordRead(
    user: AuthUser,
    id: string,
    view: 'record' | 'case',
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record('KEY_PERSON_READ', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'key_person',
      targetId: id,
      details: { view, ...details },
    });
  }

  /** Starts the person's watch if it is not running, and tells it to plan again. */
  private async tellWatch(id: string): Promise<void> {
    await this.temporal.call((client) =>
      client.workflow.signalWithStart(KEY_PERSON_WORKFLOW_TYPE, {
        workflowId: keyPersonWorkflowId(id),
        taskQueue: this.temporal.taskQueue,
        args: [{ keyPersonId: id }],
        signal: replanVisitsSignal,
        signalArgs: [],
      }),
    );
  }
}

function toDto(row: KeyPersonRow, policy: VisitRule[], list: boolean): KeyPersonDto {
  const rule = policy.find((r) => r.riskLevel === row.riskLevel)!;
  const { dueAt } = visitPoints(new Date(row.lastVisitAt ?? row.registeredAt), rule);
  return {
    id: row.id,
    name: row.name,
    ...(row.phone && { phone: list ? maskPhone(row.phone) : row.phone }),
    ...(row.idNumber && { idNumber: list ? maskIdNumber(row.idNumber) : row.idNumber }),
    reason: row.reason,
    note: row.note,
    riskLevel: row.riskLevel,
    gridCode: row.gridCode,
    responsibleId: row.responsibleId,
    responsibleName: row.responsibleName,
    centerCode: row.centerCode,
    active: row.active,
    registeredAt: new Date(row.registeredAt).toISOString(),
    lastVisitAt: row.lastVisitAt ? new Date(row.lastVisitAt).toISOString() : null,
    visitCount: row.visitCount,
    nextVisitDue: dueAt,
    overdue: row.active && Date.parse(dueAt) < Date.now(),
  };
}

function visitDto(v: KeyPersonVisit): KeyPersonVisitDto {
  return {
    id: v.id,
    visitedAt: new Date(v.visitedAt).toISOString(),
    visitedBy: v.visitedBy,
    visitedByName: v.visitedByName,
    note: v.note,
    recordedAt: new Date(v.recordedAt).toISOString(),
  };
}
