import type { RouteRecordRaw } from 'vue-router';

/**
 * 案件详情: one case, for every staff member who may see it (the API decides which cases: a
 * mediator's pools, a supervisor's center, a grid worker's own reports). Reached from the
 * inbox, the lists and the dashboards; no menu entry.
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/cases/:id',
    name: 'Case',
    component: () => import('@/views/case/index.vue'),
    meta: {
      title: 'case.title',
      roles: ['CLERK', 'MEDIATOR', 'SUPERVISOR', 'GRID_WORKER', 'REPORTER', 'ADMIN'],
      hideInMenu: true,
    },
  },
];

export default routes;
