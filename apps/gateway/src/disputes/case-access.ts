import { responsibleCenter, type Role } from '@app/domain/enums';
import { ACTION_RULES, type Action } from '@app/domain/workflow-rules/stage-rules';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';

/** The parts of a case that decide who may see it. */
export interface ScopedCase {
  centerCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  reportedBy: string | null;
  /** The centers of the units an assistance (协办) was ever asked of (docs/joint-handling.md). */
  assistingCenters?: readonly string[];
}

/**
 * Object-level access (DOMAIN.md "Object-level rules"): clerks and admins see every case; a
 * level-2/3 supervisor every case, a level-1 supervisor the cases of their own center (a case not
 * routed yet belongs to the intake center, ZZ) and, read-only, those that asked a unit of their
 * center for assistance (协办, docs/joint-handling.md); a mediator the cases of their pools and
 * those assigned to them; a grid worker what they reported. `roles`: the roles to look through
 * (all the user's by default).
 */
export function canSeeCase(user: AuthUser, c: ScopedCase, roles: readonly Role[] = user.roles): boolean {
  return roles.some((role) => reaches(user, c, role, 'see'));
}

/**
 * Whether `role` of the user reaches case `c`: to see it, or to act on it. The two differ only
 * for a level-1 supervisor of an assisting unit's center, who sees the case but does not act on
 * it (its own center's chain does).
 */
function reaches(user: AuthUser, c: ScopedCase, role: Role, purpose: 'see' | 'act'): boolean {
  switch (role) {
    case 'CLERK':
    case 'ADMIN':
      return true;
    case 'SUPERVISOR': {
      if ((user.supervisorLevel ?? 1) >= 2 || responsibleCenter(c.centerCode) === user.centerCode) return true;
      return purpose === 'see' && !!user.centerCode && (c.assistingCenters ?? []).includes(user.centerCode);
    }
    case 'MEDIATOR':
      return c.assigneeId === user.id || (c.unitId !== null && user.unitIds.includes(c.unitId));
    case 'GRID_WORKER':
    case 'REPORTER':
      return c.reportedBy === user.id;
    default:
      return false;
  }
}

/** Personal data shown whole only to roles that work the case; grid workers and resident reporters see it masked. */
export function seesPersonalData(user: AuthUser): boolean {
  return user.roles.some((role) => role !== 'GRID_WORKER' && role !== 'REPORTER');
}

/** The role the user acts in for `action`: the first of theirs the action allows. */
export function actingRole(user: AuthUser, action: Action): Role {
  const allowed = ACTION_RULES[action].roles;
  const role = user.roles.find((r) => allowed.includes(r));
  if (!role)
    throw ApiError.forbidden(
      `only ${allowed.filter((r) => r !== 'SYSTEM').join(' or ')} may ${ACTION_RULES[action].does}`,
    );
  return role;
}

/**
 * The role the user acts in for `action` on case `c`: the first of theirs that the action allows
 * and through which they reach the case to act on it. Seeing a case through one role never lends
 * the right to act on it through another (a clerk who is also a level-1 supervisor of TJ sees
 * every case as clerk, but approves supervision only of TJ's cases); nor does seeing it as the
 * supervisor of an assisting unit's center (that supervisor reads the case, the case's own
 * center's chain acts on it).
 */
export function actingRoleOn(user: AuthUser, action: Action, c: ScopedCase): Role {
  const allowed = ACTION_RULES[action].roles;
  const candidates = user.roles.filter((r) => allowed.includes(r));
  if (candidates.length === 0) actingRole(user, action);
  const role = candidates.find((r) => reaches(user, c, r, 'act'));
  if (!role) {
    throw ApiError.forbidden(
      `as ${candidates.join(' or ')} you may not ${ACTION_RULES[action].does} on this case: it is outside that role's pools, center or reports`,
    );
  }
  return role;
}

/**
 * A copy of `value` with every phone and ID number in it masked, however deep (an event's
 * parties, a merged case's parties, ...): for the views of a role that may not see them whole.
 */
export function maskPersonalData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskPersonalData) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [
      key,
      key === 'phone' && typeof v === 'string'
        ? maskPhone(v)
        : key === 'idNumber' && typeof v === 'string'
          ? maskIdNumber(v)
          : maskPersonalData(v),
    ]),
  ) as T;
}

/** 138****0000; ID numbers keep their first 6 and last 4 characters. */
export function maskPhone(phone: string): string {
  return phone.length <= 7
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(Math.max(0, idNumber.length - 10))}${idNumber.slice(-4)}`;
}
