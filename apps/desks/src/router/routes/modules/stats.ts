import { DataAnalysis } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/**
 * 统计分析: the three rates and the other measures with charts (SUPERVISOR and ADMIN, the roles
 * GET /api/stats admits; a clerk has no use for them at the window and is not let in).
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/stats',
    name: 'Stats',
    component: () => import('@/views/stats/index.vue'),
    meta: { title: 'stats.title', roles: ['SUPERVISOR', 'ADMIN'], icon: DataAnalysis, order: 50 },
  },
];

export default routes;
