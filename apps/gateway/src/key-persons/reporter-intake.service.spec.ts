import type { ResidentGroupRepository } from '@app/persistence/repositories/resident-group.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { mayUseKeyPersonRegister } from './key-person-access';
import { ReporterIntake } from './reporter-intake.service';

const reporter: AuthUser = {
  id: 'r0000000-0000-4000-8000-000000000001',
  username: 'reporter9',
  roles: ['REPORTER'],
  unitIds: [],
};
const group = { code: 'JF-C01-G01-R01', name: '一组', gridCode: 'JF-C01-G01', active: true };

function intake(found: typeof group | null) {
  const groups = { ofUser: jest.fn().mockResolvedValue(found) };
  return { service: new ReporterIntake(groups as unknown as ResidentGroupRepository), groups };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('ReporterIntake', () => {
  it("takes a reporter's report through RESIDENT_REPORTER in their group's grid", async () => {
    const { service } = intake(group);
    await expect(
      service.check(reporter, 'REPORTER', { channel: 'RESIDENT_REPORTER', gridCode: 'JF-C01-G01' }),
    ).resolves.toBeUndefined();
  });

  it('names the wrong channel and the wrong grid together', async () => {
    const { service } = intake(group);
    const error = await refusal(
      service.check(reporter, 'REPORTER', { channel: 'GRID_PATROL', gridCode: 'JF-C01-G02' }),
    );
    expect(error.getStatus()).toBe(422);
    expect(error.getResponse()).toMatchObject({
      message: [
        'channel: a resident reporter reports through RESIDENT_REPORTER',
        'gridCode: your resident group 一组 is in grid JF-C01-G01',
      ],
    });
  });

  it('refuses a reporter without an active group (403), and RESIDENT_REPORTER to other roles (422)', async () => {
    expect(
      (
        await refusal(
          intake(null).service.check(reporter, 'REPORTER', { channel: 'RESIDENT_REPORTER', gridCode: 'JF-C01-G01' }),
        )
      ).getStatus(),
    ).toBe(403);
    expect(
      (
        await refusal(
          intake({ ...group, active: false }).service.check(reporter, 'REPORTER', {
            channel: 'RESIDENT_REPORTER',
            gridCode: 'JF-C01-G01',
          }),
        )
      ).getStatus(),
    ).toBe(403);
    const { service, groups } = intake(group);
    expect(
      (
        await refusal(
          service.check({ ...reporter, roles: ['CLERK'] }, 'CLERK', {
            channel: 'RESIDENT_REPORTER',
            gridCode: 'JF-C01-G01',
          }),
        )
      ).getStatus(),
    ).toBe(422);
    await expect(
      service.check({ ...reporter, roles: ['GRID_WORKER'] }, 'GRID_WORKER', {
        channel: 'GRID_PATROL',
        gridCode: 'JF-C01-G09',
      }),
    ).resolves.toBeUndefined();
    expect(groups.ofUser).not.toHaveBeenCalled();
  });
});

describe('who may use the key-person register', () => {
  it('is the intake center (CLERK) and the supervisors, nobody else', () => {
    expect(mayUseKeyPersonRegister({ roles: ['CLERK'] })).toBe(true);
    expect(mayUseKeyPersonRegister({ roles: ['SUPERVISOR'] })).toBe(true);
    for (const role of ['MEDIATOR', 'GRID_WORKER', 'REPORTER', 'ADMIN'] as const)
      expect(mayUseKeyPersonRegister({ roles: [role] })).toBe(false);
  });
});
