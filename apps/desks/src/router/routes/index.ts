import type { RouteRecordRaw } from 'vue-router';

/**
 * The areas: every file in ./modules exports its routes (default export, an array) with the
 * roles that may enter. A new area is a new file there; nothing else changes.
 */
const modules = import.meta.glob<RouteRecordRaw[]>('./modules/*.ts', { eager: true, import: 'default' });

const order = (route: RouteRecordRaw) => route.meta?.order ?? 1000;

export const areaRoutes: RouteRecordRaw[] = Object.values(modules)
  .flat()
  .sort((a, b) => order(a) - order(b));

/** Pages inside the staff layout (menu, user, logout). */
export const staffRoutes = areaRoutes.filter((route) => !route.meta?.public);

/** Pages without login (the party page). */
export const publicRoutes = areaRoutes.filter((route) => route.meta?.public);
