import type { RouteRecordRaw } from 'vue-router';

/** Routes every desk has: login, the home that sends each role to its desk, and not found. */
export const loginRoute: RouteRecordRaw = {
  path: '/login',
  name: 'Login',
  component: () => import('@/views/_core/login/index.vue'),
  meta: { title: 'login.title', public: true },
};

export const homeRoute: RouteRecordRaw = {
  path: '',
  name: 'Home',
  component: () => import('@/views/_core/home/index.vue'),
  meta: { title: 'common.home', hideInMenu: true },
};

export const notFoundRoute: RouteRecordRaw = {
  path: '/:path(.*)*',
  name: 'NotFound',
  component: () => import('@/views/_core/not-found/index.vue'),
  meta: { title: 'common.notFound', public: true },
};
