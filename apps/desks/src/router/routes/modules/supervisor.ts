import { Bell } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 督办台: live alerts, overdue cases, the supervision queue (SUPERVISOR, any level). */
const routes: RouteRecordRaw[] = [
  {
    path: '/supervisor',
    name: 'Supervisor',
    component: () => import('@/views/supervisor/index.vue'),
    meta: { title: 'supervisor.title', roles: ['SUPERVISOR'], deskFor: ['SUPERVISOR'], icon: Bell, order: 40 },
  },
];

export default routes;
