import type { AuthUser } from '../auth/auth.types';
import { canSeeAlert } from './alert-access';

const user = (over: Partial<AuthUser>): AuthUser => ({ id: 'u', username: 'u', roles: [], unitIds: [], ...over });
const alert = (level: number, centerCode = 'TJ', unitId = 'unit-a') => ({ level, centerCode, unitId });

describe('canSeeAlert', () => {
  const s1 = user({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' });
  const s2 = user({ roles: ['SUPERVISOR'], supervisorLevel: 2 });
  const mediator = user({ roles: ['MEDIATOR'], unitIds: ['unit-a'] });

  it.each([
    ['level-1 supervisor, own center, level 1', s1, alert(1), true],
    ['level-1 supervisor, other center', s1, alert(1, 'ZZ'), false],
    ['level-1 supervisor, level 2', s1, alert(2), false],
    ['level-2 supervisor, any center, level 2', s2, alert(2, 'XF'), true],
    ['level-2 supervisor, level 3', s2, alert(3), false],
    ['mediator of the pool, a warning', mediator, alert(0), true],
    ['mediator of the pool, an escalation', mediator, alert(1), false],
    ['mediator of another pool, a warning', mediator, alert(0, 'TJ', 'unit-b'), false],
    ['a clerk', user({ roles: ['CLERK'] }), alert(0), false],
  ])('%s', (_, who, what, expected) => {
    expect(canSeeAlert(who, what)).toBe(expected);
  });
});
