import { EditPen, List } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/**
 * 居民上报: a resident reporter's (民情联络员, REPORTER) phone desk, the grid desk's report form in
 * their resident group's grid (channel 居民上报) and their own reports only.
 */
const routes: RouteRecordRaw[] = [
  { path: '/reporter', redirect: '/reporter/report', meta: { roles: ['REPORTER'], hideInMenu: true } },
  {
    path: '/reporter/report',
    name: 'ReporterReport',
    component: () => import('@/views/grid/index.vue'),
    meta: { title: 'grid.reporter.title', roles: ['REPORTER'], deskFor: ['REPORTER'], icon: EditPen, order: 22 },
  },
  {
    path: '/reporter/mine',
    name: 'ReporterMine',
    component: () => import('@/views/grid/mine.vue'),
    meta: { title: 'grid.mine.title', roles: ['REPORTER'], icon: List, order: 23 },
  },
];

export default routes;
