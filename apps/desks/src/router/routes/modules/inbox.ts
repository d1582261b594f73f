import { Finished } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 调解员工作台: the mediator's pool, tasks and handled cases (MEDIATOR). */
const routes: RouteRecordRaw[] = [
  {
    path: '/inbox',
    name: 'Inbox',
    component: () => import('@/views/inbox/index.vue'),
    meta: { title: 'inbox.title', roles: ['MEDIATOR'], deskFor: ['MEDIATOR'], icon: Finished, order: 30 },
  },
];

export default routes;
