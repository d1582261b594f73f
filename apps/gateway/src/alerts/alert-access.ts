import type { AuthUser } from '../auth/auth.types';

export interface ScopedAlert {
  level: number;
  centerCode: string | null;
  unitId: string | null;
}

/**
 * Who sees an alert (DOMAIN.md): a supervisor sees alerts at or below their level, a level-1
 * supervisor only those of their own center; warnings (level 0) also reach the pool's mediators.
 */
export function canSeeAlert(user: AuthUser, alert: ScopedAlert): boolean {
  if (user.roles.includes('SUPERVISOR')) {
    const level = user.supervisorLevel ?? 1;
    if (alert.level <= level && (level >= 2 || alert.centerCode === user.centerCode)) return true;
  }
  if (user.roles.includes('MEDIATOR') && alert.level === 0) {
    return alert.unitId !== null && user.unitIds.includes(alert.unitId);
  }
  return false;
}
