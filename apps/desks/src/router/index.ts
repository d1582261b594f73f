import { createRouter, createWebHistory } from 'vue-router';
import { setUnauthorizedHandler } from '@/api/request';
import BasicLayout from '@/layouts/BasicLayout.vue';
import { t } from '@/locales';
import { useAuthStore } from '@/store/auth';
import { deskOf, safeRedirect } from './access';
import { homeRoute, loginRoute, notFoundRoute } from './routes/core';
import { publicRoutes, staffRoutes } from './routes';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    loginRoute,
    ...publicRoutes,
    { path: '/', component: BasicLayout, children: [homeRoute, ...staffRoutes] },
    notFoundRoute,
  ],
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach((to) => {
  const auth = useAuthStore();
  if (to.name === 'Login') {
    return auth.isAuthenticated() ? (safeRedirect(to.query.redirect) ?? { name: 'Home' }) : true;
  }
  if (to.meta.public) return true;
  if (!auth.isAuthenticated()) {
    if (auth.session) auth.expire();
    return { name: 'Login', query: { redirect: to.fullPath } };
  }
  if (!auth.hasAnyRole(to.meta.roles)) return { name: 'Home', query: { denied: '1' } };
  if (to.name === 'Home' && !to.query.denied) {
    const desk = deskOf(auth.roles);
    if (desk?.name) return { name: desk.name };
  }
  return true;
});

router.afterEach((to) => {
  const title = to.meta.title ? t(to.meta.title) : '';
  document.title = title ? `${title} - ${t('common.appName')}` : t('common.appName');
});

// A 401 on a signed-in request: the session is over; login, then back here.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'Login' && !current.meta.public) {
    void router.push({ name: 'Login', query: { redirect: current.fullPath } });
  }
});

// A page's code is loaded when it is first opened. A new build (an update while the desk was open)
// replaces those files: load the page afresh from the server instead of staying put. Once per
// path in 10 s, so a file that is really missing cannot make the page reload for ever.
const RELOADED_KEY = 'desks.reloadedFor';
router.onError((error: unknown, to) => {
  const message = error instanceof Error ? error.message : String(error);
  if (!/dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)) return;
  const last = JSON.parse(sessionStorage.getItem(RELOADED_KEY) ?? 'null') as { path: string; at: number } | null;
  if (last && last.path === to.fullPath && Date.now() - last.at < 10_000) return;
  sessionStorage.setItem(RELOADED_KEY, JSON.stringify({ path: to.fullPath, at: Date.now() }));
  window.location.assign(to.fullPath);
});
