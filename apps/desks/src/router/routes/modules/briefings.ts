import { Document } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 工作通报: the monthly briefings (SUPERVISOR and ADMIN, the roles GET /api/stats admits). */
const routes: RouteRecordRaw[] = [
  {
    path: '/briefings',
    name: 'Briefings',
    component: () => import('@/views/briefings/index.vue'),
    meta: { title: 'briefings.title', roles: ['SUPERVISOR', 'ADMIN'], icon: Document, order: 52 },
  },
  {
    path: '/briefings/:id',
    name: 'Briefing',
    component: () => import('@/views/briefings/detail.vue'),
    meta: { title: 'briefings.title', roles: ['SUPERVISOR', 'ADMIN'], hideInMenu: true },
  },
];

export default routes;
