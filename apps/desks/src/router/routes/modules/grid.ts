import { EditPen, List } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

/** 网格上报: the grid worker's phone desk, a report form and their own reports (GRID_WORKER). */
const routes: RouteRecordRaw[] = [
  { path: '/grid', redirect: '/grid/report', meta: { roles: ['GRID_WORKER'], hideInMenu: true } },
  {
    path: '/grid/report',
    name: 'GridReport',
    component: () => import('@/views/grid/index.vue'),
    meta: { title: 'grid.title', roles: ['GRID_WORKER'], deskFor: ['GRID_WORKER'], icon: EditPen, order: 20 },
  },
  {
    path: '/grid/mine',
    name: 'GridMine',
    component: () => import('@/views/grid/mine.vue'),
    meta: { title: 'grid.mine.title', roles: ['GRID_WORKER'], icon: List, order: 21 },
  },
];

export default routes;
