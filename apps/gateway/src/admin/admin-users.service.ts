import { randomUUID } from 'crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { hashPassword } from '@app/persistence/password-hash';
import { InvalidCursorError } from '@app/persistence/read-paging';
import { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import {
  UserAdminRepository,
  type StaffAccount,
  type StaffAccountChanges,
} from '@app/persistence/repositories/user-admin.repository';
import { AuditService, changedFields } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import type { ListQueryDto } from '../common/list-query.dto';
import type { CreateUserDto, UpdateUserDto, UserDto, UserListDto } from './admin.dto';

/** What decides whether an account hangs together: its roles and what those roles need. */
type AccountShape = Pick<
  StaffAccount,
  'roles' | 'centerCode' | 'unitIds' | 'supervisorLevel' | 'gridCode' | 'residentGroupCode'
>;

/** The territory references a request names; only those given are checked against the tables. */
type References = Partial<Pick<StaffAccount, 'centerCode' | 'unitIds' | 'gridCode'>>;

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly accounts: UserAdminRepository,
    private readonly territory: TerritoryRepository,
    private readonly audit: AuditService,
    private readonly residentGroups: ResidentGroupRepository,
  ) {}

  async list(query: ListQueryDto): Promise<UserListDto> {
    try {
      const page = await this.accounts.list(query);
      return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw ApiError.rule([`cursor: ${error.message}`]);
      throw error;
    }
  }

  async create(admin: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    const shape: AccountShape = {
      roles: dto.roles,
      centerCode: dto.centerCode ?? null,
      unitIds: dto.unitIds ?? [],
      supervisorLevel: dto.supervisorLevel ?? null,
      gridCode: dto.gridCode ?? null,
      residentGroupCode: dto.residentGroupCode ?? null,
    };
    await this.placeReporter(shape);
    await this.requireValid(shape, shape);
    const created = await this.accounts.create({
      id: randomUUID(),
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await hashPassword(dto.password),
      ...shape,
    });
    if (!created) throw new ApiError(HttpStatus.CONFLICT, 'CONFLICT', `username "${dto.username}" is already taken`);
    await this.audit.accountCreated(admin, { id: created.id, ...auditedFields(created) });
    return toUserDto(created);
  }

  async update(admin: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    if (Object.values(dto).every((value) => value === undefined)) {
      throw ApiError.validation(['give at least one field to change']);
    }
    const current = await this.accounts.findById(id);
    if (!current) throw ApiError.notFound(`user ${id}`);
    // An ADMIN locking themselves out leaves nobody to undo it.
    if (id === admin.id && (dto.active === false || (dto.roles && !dto.roles.includes('ADMIN')))) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'RULE_VIOLATION',
        'you cannot deactivate your own account or drop your own ADMIN role',
      );
    }
    const given = <K extends keyof AccountShape>(key: K): AccountShape[K] =>
      (dto[key] === undefined ? current[key] : dto[key]) as AccountShape[K];
    const shape: AccountShape = {
      roles: given('roles'),
      centerCode: given('centerCode'),
      unitIds: given('unitIds'),
      supervisorLevel: given('supervisorLevel'),
      gridCode: given('gridCode'),
      residentGroupCode: given('residentGroupCode'),
    };
    const gridBefore = shape.gridCode;
    await this.placeReporter(shape);
    await this.requireValid(shape, { centerCode: dto.centerCode, unitIds: dto.unitIds, gridCode: dto.gridCode });
    const changes: StaffAccountChanges = {
      displayName: dto.displayName,
      passwordHash: dto.password === undefined ? undefined : await hashPassword(dto.password),
      roles: dto.roles,
      centerCode: dto.centerCode,
      unitIds: dto.unitIds,
      supervisorLevel: dto.supervisorLevel,
      gridCode: shape.gridCode !== gridBefore ? shape.gridCode : dto.gridCode,
      residentGroupCode: dto.residentGroupCode,
      active: dto.active,
    };
    const updated = await this.accounts.update(id, changes);
    if (!updated) throw ApiError.notFound(`user ${id}`);
    const { before, after } = changedFields(auditedFields(current), auditedFields(updated));
    // The password itself never enters the trail: only that it was set.
    if (dto.password !== undefined) Object.assign(after, { password: 'changed' });
    await this.audit.accountChanged(admin, id, before, after);
    return toUserDto(updated);
  }

  /** A REPORTER's grid is their resident group's: set from the group (an unknown group is a problem named here). */
  private async placeReporter(shape: AccountShape): Promise<void> {
    if (shape.residentGroupCode === null || !shape.roles.includes('REPORTER')) return;
    const group = await this.residentGroups.find(shape.residentGroupCode);
    if (!group) throw ApiError.rule([`residentGroupCode: unknown resident group "${shape.residentGroupCode}"`]);
    shape.gridCode = group.gridCode;
  }

  /** Every problem at once, each naming its field: unknown references, then role rules. */
  private async requireValid(shape: AccountShape, references: References): Promise<void> {
    const problems: string[] = [];
    if (references.centerCode || references.unitIds?.length || references.gridCode) {
      const territory = await this.territory.load();
      if (references.centerCode && !territory.centers.some((c) => c.code === references.centerCode)) {
        problems.push(`centerCode: unknown center "${references.centerCode}"`);
      }
      for (const unitId of references.unitIds ?? []) {
        if (!territory.units.some((u) => u.id === unitId)) problems.push(`unitIds: unknown unit "${unitId}"`);
      }
      if (references.gridCode && !territory.grids.some((g) => g.code === references.gridCode)) {
        problems.push(`gridCode: unknown grid "${references.gridCode}"`);
      }
    }
    const supervisor = shape.roles.includes('SUPERVISOR');
    if (supervisor && shape.supervisorLevel === null) {
      problems.push('supervisorLevel: a SUPERVISOR needs a level from 1 to 3');
    }
    if (!supervisor && shape.supervisorLevel !== null) {
      problems.push('supervisorLevel: only a SUPERVISOR has a level (send null to clear it)');
    }
    if (supervisor && shape.supervisorLevel === 1 && shape.centerCode === null) {
      problems.push('centerCode: a level-1 supervisor needs the center they lead');
    }
    if (!shape.roles.includes('GRID_WORKER') && !shape.roles.includes('REPORTER') && shape.gridCode !== null) {
      problems.push('gridCode: only a GRID_WORKER patrols a grid (send null to clear it)');
    }
    if (shape.roles.includes('REPORTER') && shape.residentGroupCode === null) {
      problems.push('residentGroupCode: a REPORTER reports for a resident group (居民小组)');
    }
    if (!shape.roles.includes('REPORTER') && shape.residentGroupCode !== null) {
      problems.push('residentGroupCode: only a REPORTER belongs to a resident group (send null to clear it)');
    }
    if (shape.roles.includes('REPORTER') && shape.roles.includes('GRID_WORKER')) {
      problems.push(
        'roles: a REPORTER reports from their resident group, a GRID_WORKER from their grid: not both on one account',
      );
    }
    if (problems.length > 0) throw ApiError.rule(problems);
  }
}

/** What the audit trail keeps of an account: named fields only, so no password hash can slip in. */
function auditedFields(account: StaffAccount): Record<string, unknown> {
  return {
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    centerCode: account.centerCode,
    unitIds: account.unitIds,
    supervisorLevel: account.supervisorLevel,
    gridCode: account.gridCode,
    residentGroupCode: account.residentGroupCode,
    active: account.active,
  };
}

function toUserDto(account: StaffAccount): UserDto {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    centerCode: account.centerCode ?? undefined,
    unitIds: account.unitIds,
    supervisorLevel: account.supervisorLevel ?? undefined,
    gridCode: account.gridCode ?? undefined,
    residentGroupCode: account.residentGroupCode ?? undefined,
    active: account.active,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}
