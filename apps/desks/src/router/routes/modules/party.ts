import type { RouteRecordRaw } from 'vue-router';

/** 当事人: the party's page, reached by receipt code or the QR code on the receipt. No login. */
const routes: RouteRecordRaw[] = [
  {
    path: '/p/:receiptCode?',
    name: 'Party',
    component: () => import('@/views/party/index.vue'),
    meta: { title: 'party.title', public: true },
  },
];

export default routes;
