import type { AuthUser } from '../auth/auth.types';
import { actingRole, actingRoleOn, canSeeCase, maskIdNumber, maskPersonalData, maskPhone } from './case-access';

const user = (over: Partial<AuthUser>): AuthUser => ({ id: 'u1', username: 'u', roles: [], unitIds: [], ...over });
const routed = { centerCode: 'TJ', unitId: 'unit-a', assigneeId: null, reportedBy: 'g1' };

describe('canSeeCase', () => {
  it.each([
    ['a clerk', user({ roles: ['CLERK'] }), true],
    ['a mediator of the pool', user({ roles: ['MEDIATOR'], unitIds: ['unit-a'] }), true],
    ['a mediator of another pool', user({ roles: ['MEDIATOR'], unitIds: ['unit-b'] }), false],
    ['a level-1 supervisor of the center', user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' }), true],
    [
      'a level-1 supervisor of another center',
      user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'ZZ' }),
      false,
    ],
    ['a level-2 supervisor', user({ roles: ['SUPERVISOR'], supervisorLevel: 2 }), true],
    ['the reporting grid worker', user({ id: 'g1', roles: ['GRID_WORKER'] }), true],
    ['another grid worker', user({ id: 'g2', roles: ['GRID_WORKER'] }), false],
  ])('%s: %s', (_, who, expected) => {
    expect(canSeeCase(who, routed)).toBe(expected);
  });

  it("an unrouted case belongs to the intake center: its level-1 supervisor sees it, another center's does not", () => {
    const unrouted = { centerCode: null, unitId: null, assigneeId: null, reportedBy: 'g1' };
    expect(canSeeCase(user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'ZZ' }), unrouted)).toBe(true);
    expect(canSeeCase(user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' }), unrouted)).toBe(false);
  });

  it('lets a mediator see a case assigned to them outside their pools', () => {
    expect(canSeeCase(user({ roles: ['MEDIATOR'], unitIds: [] }), { ...routed, assigneeId: 'u1' })).toBe(true);
  });
});

describe('actingRole', () => {
  it('picks the role the action allows and refuses when none does', () => {
    expect(actingRole(user({ roles: ['MEDIATOR', 'CLERK'] }), 'acceptDispute')).toBe('CLERK');
    expect(() => actingRole(user({ roles: ['MEDIATOR'] }), 'acceptDispute')).toThrow(/only CLERK may accept a dispute/);
  });
});

describe('actingRoleOn: visibility is checked for the role that acts', () => {
  const clerkAndTjLead = user({ roles: ['CLERK', 'SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' });
  const zzCase = { centerCode: 'ZZ', unitId: 'unit-z', assigneeId: null, reportedBy: null };

  it("refuses a clerk who leads TJ approving another center's supervision, though the clerk role sees the case", () => {
    expect(canSeeCase(clerkAndTjLead, zzCase)).toBe(true);
    expect(() => actingRoleOn(clerkAndTjLead, 'approveSupervision', zzCase)).toThrow(
      "as SUPERVISOR you may not approve at supervision on this case: it is outside that role's pools, center or reports",
    );
    expect(actingRoleOn(clerkAndTjLead, 'approveSupervision', routed)).toBe('SUPERVISOR');
  });

  it('acts through the first allowed role that sees the case', () => {
    const mediatorAndLead = user({
      roles: ['MEDIATOR', 'SUPERVISOR'],
      unitIds: ['unit-b'],
      supervisorLevel: 1,
      centerCode: 'TJ',
    });
    // Not in unit-a's pool as mediator, but TJ's lead: transfers as SUPERVISOR.
    expect(actingRoleOn(mediatorAndLead, 'transferDispute', routed)).toBe('SUPERVISOR');
    expect(actingRoleOn(mediatorAndLead, 'transferDispute', { ...routed, unitId: 'unit-b' })).toBe('MEDIATOR');
    expect(() => actingRoleOn(user({ roles: ['MEDIATOR'] }), 'acceptDispute', routed)).toThrow(
      /only CLERK may accept a dispute/,
    );
  });
});

describe("joint handling (协办): the assisting unit's center", () => {
  // A TJ case that asked a unit of XF for assistance (its level-1 alerts go to XF's supervisors).
  const assisted = { centerCode: 'TJ', unitId: 'unit-a', assigneeId: 'm1', reportedBy: null, assistingCenters: ['XF'] };
  const xfLead = user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'XF' });

  it("lets the assisting center's level-1 supervisor see the case, and no other center's", () => {
    expect(canSeeCase(xfLead, assisted)).toBe(true);
    expect(canSeeCase(xfLead, { ...assisted, assistingCenters: [] })).toBe(false);
    expect(canSeeCase(xfLead, { ...assisted, assistingCenters: ['ZZ'] })).toBe(false);
    expect(canSeeCase(user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'ZZ' }), assisted)).toBe(false);
  });

  it("does not let that supervisor act on the case: actions stay with the case's own center", () => {
    for (const action of [
      'approveSupervision',
      'decideExtension',
      'transferDispute',
      'reassignTask',
      'issueSupervisionOrder',
    ] as const) {
      expect(() => actingRoleOn(xfLead, action, assisted)).toThrow(
        /as SUPERVISOR you may not .* on this case: it is outside that role's pools, center or reports/,
      );
    }
    // The case's own center's level-1 supervisor still acts.
    expect(
      actingRoleOn(
        user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' }),
        'approveSupervision',
        assisted,
      ),
    ).toBe('SUPERVISOR');
  });

  it("does not open the case to the assisting unit's mediators (they see the assistance task only)", () => {
    const xfMediator = user({ roles: ['MEDIATOR'], unitIds: ['unit-x'], centerCode: 'XF' });
    expect(canSeeCase(xfMediator, assisted)).toBe(false);
    expect(canSeeCase(xfMediator, assisted, ['MEDIATOR'])).toBe(false);
  });
});

describe('masking', () => {
  it('keeps only the ends of phones and ID numbers', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskIdNumber('330102199001011234')).toBe('330102********1234');
  });

  it('masks every phone and ID number in an event payload, however deep, and leaves the rest', () => {
    const payload = {
      summary: '楼上漏水',
      parties: [{ role: 'APPLICANT', name: '张三', phone: '13800138000', idNumber: '330102199001011234' }],
      merged: { parties: [{ name: '李四', phone: '13900139000' }] },
      note: null,
    };
    expect(maskPersonalData(payload)).toEqual({
      summary: '楼上漏水',
      parties: [{ role: 'APPLICANT', name: '张三', phone: '138****8000', idNumber: '330102********1234' }],
      merged: { parties: [{ name: '李四', phone: '139****9000' }] },
      note: null,
    });
    expect(payload.parties[0].phone).toBe('13800138000');
  });
});
