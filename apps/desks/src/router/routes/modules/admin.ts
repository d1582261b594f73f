import { Calendar, MapLocation, Share, Timer, User } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 管理: staff accounts, the holiday calendar, the SLA policy, the routing table and the territory (ADMIN). */
const routes: RouteRecordRaw[] = [
  {
    path: '/admin/users',
    name: 'AdminUsers',
    component: () => import('@/views/admin/users/index.vue'),
    meta: { title: 'admin.users.title', roles: ['ADMIN'], deskFor: ['ADMIN'], icon: User, order: 60 },
  },
  {
    path: '/admin/calendar',
    name: 'AdminCalendar',
    component: () => import('@/views/admin/calendar/index.vue'),
    meta: { title: 'admin.calendar.title', roles: ['ADMIN'], icon: Calendar, order: 61 },
  },
  {
    path: '/admin/sla',
    name: 'AdminSla',
    component: () => import('@/views/admin/sla/index.vue'),
    meta: { title: 'admin.sla.title', roles: ['ADMIN'], icon: Timer, order: 62 },
  },
  {
    path: '/admin/routing',
    name: 'AdminRouting',
    component: () => import('@/views/admin/routing/index.vue'),
    meta: { title: 'admin.routing.title', roles: ['ADMIN'], icon: Share, order: 63 },
  },
  {
    path: '/admin/territory',
    name: 'AdminTerritory',
    component: () => import('@/views/admin/territory/index.vue'),
    meta: { title: 'admin.territory.title', roles: ['ADMIN'], icon: MapLocation, order: 64 },
  },
];

export default routes;
