import { Search } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/**
 * 大排查: screening drives. Supervisors see the list and each drive's coverage (level 2 and 3 open
 * them); grid workers screen their own grid from the grid desk, on a phone.
 */
const routes: RouteRecordRaw[] = [
  {
    path: '/drives',
    name: 'Drives',
    component: () => import('@/views/drives/index.vue'),
    meta: { title: 'drives.title', roles: ['SUPERVISOR'], icon: Search, order: 46 },
  },
  {
    path: '/drives/:id',
    name: 'Drive',
    component: () => import('@/views/drives/detail.vue'),
    meta: { title: 'drives.title', roles: ['SUPERVISOR'], hideInMenu: true },
  },
  {
    path: '/grid/drives',
    name: 'GridDrives',
    component: () => import('@/views/grid/drives.vue'),
    meta: { title: 'drives.grid.title', roles: ['GRID_WORKER'], icon: Search, order: 22 },
  },
  {
    path: '/grid/drives/:id',
    name: 'GridScreening',
    component: () => import('@/views/grid/screening.vue'),
    meta: { title: 'drives.grid.title', roles: ['GRID_WORKER'], hideInMenu: true },
  },
];

export default routes;
