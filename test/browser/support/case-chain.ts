import type { ApiCase, StackApi } from './api';

/**
 * Cases further down the chain, set up through the HTTP contract as the demo accounts would act
 * (a pool case of 新村社区, mediator1, supervisor2, the party): for pages that show stages past
 * 分流 (the supervision queue) and measures that count closures and ratings (the statistics).
 */

/** Routed, claimed by mediator1 and handled on the spot: waiting in 督办 (SUPERVISION) for a supervisor. */
export async function caseInSupervision(api: StackApi, report: Record<string, unknown> = {}): Promise<ApiCase> {
  const routed = await api.caseInPool(report);
  const mediator = await api.as('mediator1');
  await mediator.post(`/api/tasks/${routed.id}/claim`);
  await mediator.post(`/api/disputes/${routed.id}/handling-records`, {
    note: '电话联系双方',
    sessionAt: new Date().toISOString(),
    participants: ['张三'],
  });
  return mediator.post<ApiCase>(`/api/disputes/${routed.id}/complete-handling`, {
    outcome: 'RESOLVED_ON_SITE',
    summary: '当场化解',
  });
}

/** Through 督办, 反馈 and 评价 to the end: closed RESOLVED with the party's rating (不满意 would reopen it). */
export async function closedCase(
  api: StackApi,
  rating: 'SATISFIED' | 'BASICALLY_SATISFIED' = 'SATISFIED',
  report: Record<string, unknown> = {},
): Promise<ApiCase> {
  const inSupervision = await caseInSupervision(api, report);
  await (await api.as('supervisor2')).post(`/api/disputes/${inSupervision.id}/supervision/approve`);
  await (
    await api.as('mediator1')
  ).post(`/api/disputes/${inSupervision.id}/feedback`, { channel: 'PHONE', content: '电话告知双方处理结果' });
  await api.public.post(`/api/public/cases/${inSupervision.receiptCode}/evaluation`, { rating });
  return api.getCase(inSupervision.id);
}
