import { DEMO_TERRITORY, DEMO_UNIT_IDS } from '@app/domain/territory';
import type { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import type { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { StaffAccount, UserAdminRepository } from '@app/persistence/repositories/user-admin.repository';
import type { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import type { CreateUserDto, UpdateUserDto } from './admin.dto';
import { AdminUsersService } from './admin-users.service';

const ADMIN: AuthUser = {
  id: 'a0000000-0000-4000-8000-000000000001',
  username: 'admin',
  roles: ['ADMIN'],
  unitIds: [],
};

const account = (overrides: Partial<StaffAccount> = {}): StaffAccount => ({
  id: 'u0000000-0000-4000-8000-000000000001',
  username: 'clerk9',
  displayName: '测试',
  roles: ['CLERK'],
  centerCode: null,
  unitIds: [],
  supervisorLevel: null,
  gridCode: null,
  residentGroupCode: null,
  active: true,
  createdAt: '2026-11-28T00:00:00.000Z',
  updatedAt: '2026-11-28T00:00:00.000Z',
  ...overrides,
});

function setUp(existing: StaffAccount | null = account()) {
  const accounts = {
    list: jest.fn(),
    findById: jest.fn().mockResolvedValue(existing),
    create: jest.fn().mockImplementation(async (a) => account({ ...a, active: true })),
    update: jest.fn().mockImplementation(async (_id, changes) => ({ ...existing!, ...changes })),
  };
  const territory = { load: jest.fn().mockResolvedValue(DEMO_TERRITORY), findGrid: jest.fn() };
  const audit = { accountCreated: jest.fn(), accountChanged: jest.fn() };
  const residentGroups = {
    find: jest
      .fn()
      .mockImplementation(async (code: string) =>
        code === 'JF-C01-G01-R01' ? { code, name: '一组', gridCode: 'JF-C01-G01', active: true } : null,
      ),
  };
  const service = new AdminUsersService(
    accounts as unknown as UserAdminRepository,
    territory as unknown as TerritoryRepository,
    audit as unknown as AuditService,
    residentGroups as unknown as ResidentGroupRepository,
  );
  return { service, accounts, audit };
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string | string[] }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const body = (error as ApiError).getResponse() as { code: string; message: string | string[] };
  return { status: (error as ApiError).getStatus(), code: body.code, message: body.message };
}

const newUser = (overrides: Partial<CreateUserDto> = {}): CreateUserDto => ({
  username: 'clerk9',
  displayName: '测试',
  password: 'long-enough-1',
  roles: ['CLERK'],
  ...overrides,
});

describe('AdminUsersService', () => {
  it('stores a hash, never the password, and answers without it', async () => {
    const { service, accounts } = setUp();
    const created = await service.create(ADMIN, newUser());
    const stored = accounts.create.mock.calls[0][0];
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain('long-enough-1');
    expect(JSON.stringify(created)).not.toMatch(/password|scrypt|argon/i);
  });

  it('answers 409 CONFLICT when the username is taken', async () => {
    const { service, accounts } = setUp();
    accounts.create.mockResolvedValue(null);
    expect(await refusal(service.create(ADMIN, newUser()))).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('names every unknown reference and broken role rule at once, and writes nothing', async () => {
    const { service, accounts } = setUp();
    const refused = await refusal(
      service.create(
        ADMIN,
        newUser({ roles: ['SUPERVISOR'], unitIds: ['00000000-0000-4000-8000-00000000dead'], gridCode: 'JF-C99-G99' }),
      ),
    );
    expect(refused).toEqual({
      status: 422,
      code: 'RULE_VIOLATION',
      message: [
        'unitIds: unknown unit "00000000-0000-4000-8000-00000000dead"',
        'gridCode: unknown grid "JF-C99-G99"',
        'supervisorLevel: a SUPERVISOR needs a level from 1 to 3',
        'gridCode: only a GRID_WORKER patrols a grid (send null to clear it)',
      ],
    });
    expect(accounts.create).not.toHaveBeenCalled();
  });

  it('accepts a mediator with known pools', async () => {
    const { service, accounts } = setUp();
    await service.create(ADMIN, newUser({ roles: ['MEDIATOR'], unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE] }));
    expect(accounts.create).toHaveBeenCalledWith(
      expect.objectContaining({ unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE] }),
    );
  });

  it('checks a change against the account as it will be, and writes nothing when it does not hold', async () => {
    const { service, accounts } = setUp(account({ roles: ['SUPERVISOR'], supervisorLevel: 2 }));
    const refused = await refusal(
      service.update(ADMIN, 'u0000000-0000-4000-8000-000000000001', { roles: ['CLERK'] } as UpdateUserDto),
    );
    expect(refused.message).toEqual(['supervisorLevel: only a SUPERVISOR has a level (send null to clear it)']);
    expect(accounts.update).not.toHaveBeenCalled();

    await service.update(ADMIN, 'u0000000-0000-4000-8000-000000000001', {
      roles: ['CLERK'],
      supervisorLevel: null,
    } as UpdateUserDto);
    expect(accounts.update).toHaveBeenCalledWith(
      'u0000000-0000-4000-8000-000000000001',
      expect.objectContaining({ supervisorLevel: null }),
    );
  });

  it('does not let an ADMIN lock themselves out', async () => {
    const { service, accounts } = setUp(account({ id: ADMIN.id, roles: ['ADMIN'] }));
    expect(await refusal(service.update(ADMIN, ADMIN.id, { active: false } as UpdateUserDto))).toMatchObject({
      status: 422,
      code: 'RULE_VIOLATION',
    });
    expect(await refusal(service.update(ADMIN, ADMIN.id, { roles: ['CLERK'] } as UpdateUserDto))).toMatchObject({
      status: 422,
    });
    expect(accounts.update).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown account', async () => {
    const { service, accounts } = setUp(null);
    expect(
      await refusal(
        service.update(ADMIN, 'u0000000-0000-4000-8000-000000000002', { displayName: 'x' } as UpdateUserDto),
      ),
    ).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(accounts.update).not.toHaveBeenCalled();
  });

  it('records a creation and a change in the audit trail: who, which account, the fields before and after, never the password', async () => {
    const { service, audit } = setUp(account({ roles: ['CLERK'] }));
    const created = await service.create(ADMIN, newUser());
    expect(audit.accountCreated).toHaveBeenCalledWith(
      ADMIN,
      expect.objectContaining({ id: created.id, username: 'clerk9', roles: ['CLERK'], active: true }),
    );
    expect(JSON.stringify(audit.accountCreated.mock.calls)).not.toMatch(/long-enough-1|passwordHash|scrypt|argon/);

    await service.update(ADMIN, 'u0000000-0000-4000-8000-000000000001', {
      roles: ['CLERK', 'ADMIN'],
      password: 'another-pass-12',
    } as UpdateUserDto);
    expect(audit.accountChanged).toHaveBeenCalledWith(
      ADMIN,
      'u0000000-0000-4000-8000-000000000001',
      { roles: ['CLERK'] },
      { roles: ['CLERK', 'ADMIN'], password: 'changed' },
    );
    expect(JSON.stringify(audit.accountChanged.mock.calls)).not.toMatch(/another-pass-12|passwordHash/);
  });

  it('records nothing for a refused change', async () => {
    const { service, audit } = setUp(account({ id: ADMIN.id, roles: ['ADMIN'] }));
    await refusal(service.update(ADMIN, ADMIN.id, { active: false } as UpdateUserDto));
    expect(audit.accountChanged).not.toHaveBeenCalled();
  });
});

describe('AdminUsersService: resident reporters (REPORTER)', () => {
  const reporter: CreateUserDto = {
    username: 'reporter9',
    displayName: '联络员',
    password: 'a-long-password-1',
    roles: ['REPORTER'],
    residentGroupCode: 'JF-C01-G01-R01',
  };

  it("creates a REPORTER in their resident group's grid", async () => {
    const { service, accounts } = setUp();
    const created = await service.create(ADMIN, reporter);
    expect(accounts.create).toHaveBeenCalledWith(
      expect.objectContaining({ roles: ['REPORTER'], residentGroupCode: 'JF-C01-G01-R01', gridCode: 'JF-C01-G01' }),
    );
    expect(created.residentGroupCode).toBe('JF-C01-G01-R01');
  });

  it('refuses a REPORTER without a group, an unknown group, and a group on another role, creating nothing', async () => {
    const { service, accounts } = setUp();
    expect((await refusal(service.create(ADMIN, { ...reporter, residentGroupCode: undefined }))).message).toContain(
      'residentGroupCode: a REPORTER reports for a resident group (居民小组)',
    );
    expect((await refusal(service.create(ADMIN, { ...reporter, residentGroupCode: 'NOPE' }))).message).toContain(
      'residentGroupCode: unknown resident group "NOPE"',
    );
    expect((await refusal(service.create(ADMIN, { ...reporter, roles: ['CLERK'] }))).message).toContain(
      'residentGroupCode: only a REPORTER belongs to a resident group (send null to clear it)',
    );
    expect(accounts.create).not.toHaveBeenCalled();
  });
});
