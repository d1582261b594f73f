import type { AuthUser } from '../auth/auth.types';

/**
 * Who may use the key-person register (docs/key-persons.md): the intake center (综治中心 ZZ,
 * whose staff at the window are the CLERKs) and the supervisors. Nobody else sees a key person,
 * nor a case's link to one.
 */
export function mayUseKeyPersonRegister(user: Pick<AuthUser, 'roles'>): boolean {
  return user.roles.includes('CLERK') || user.roles.includes('SUPERVISOR');
}

/** The roles a responsible staff member may hold: those who may open the register. */
export const KEY_PERSON_STAFF_ROLES = ['CLERK', 'SUPERVISOR'] as const;
