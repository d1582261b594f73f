import { UserFilled } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 重点人员: the key-person register, for the intake center (CLERK) and supervisors only. */
const routes: RouteRecordRaw[] = [
  {
    path: '/key-persons',
    name: 'KeyPersons',
    component: () => import('@/views/key-persons/index.vue'),
    meta: { title: 'keyPersons.title', roles: ['CLERK', 'SUPERVISOR'], icon: UserFilled, order: 45 },
  },
  {
    path: '/key-persons/:id',
    name: 'KeyPerson',
    component: () => import('@/views/key-persons/detail.vue'),
    meta: { title: 'keyPersons.title', roles: ['CLERK', 'SUPERVISOR'], hideInMenu: true },
  },
];

export default routes;
