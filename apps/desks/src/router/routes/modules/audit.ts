import { Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 管理 · 审计日志: the security audit trail (ADMIN). */
const routes: RouteRecordRaw[] = [
  {
    path: '/admin/audit',
    name: 'AdminAudit',
    component: () => import('@/views/admin/audit/index.vue'),
    meta: { title: 'audit.title', roles: ['ADMIN'], icon: Tickets, order: 69 },
  },
];

export default routes;
