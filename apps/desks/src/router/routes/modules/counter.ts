import { Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 窗口受理: the single intake window (CLERK). */
const routes: RouteRecordRaw[] = [
  {
    path: '/counter',
    name: 'Counter',
    component: () => import('@/views/counter/index.vue'),
    meta: { title: 'counter.title', roles: ['CLERK'], deskFor: ['CLERK'], icon: Tickets, order: 10 },
  },
];

export default routes;
