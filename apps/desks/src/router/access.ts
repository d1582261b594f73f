import type { RouteLocationRaw, RouteRecordRaw } from 'vue-router';
import type { Role } from '@/api/types';
import { staffRoutes } from './routes';

/** The areas a person with these roles may enter, for the menu and the home page. */
export function accessibleRoutes(roles: readonly Role[]): RouteRecordRaw[] {
  return staffRoutes.filter(
    (route) => !route.meta?.hideInMenu && (!route.meta?.roles || route.meta.roles.some((role) => roles.includes(role))),
  );
}

/** Where `/` sends a person: the desk of their first role that has one. */
export function deskOf(roles: readonly Role[]): RouteRecordRaw | undefined {
  for (const role of roles) {
    const desk = staffRoutes.find((route) => route.meta?.deskFor?.includes(role));
    if (desk) return desk;
  }
  return undefined;
}

/** A `redirect` query back into the desks; anything else (another site, `//host`) is ignored. */
export function safeRedirect(value: unknown): RouteLocationRaw | undefined {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : undefined;
}
