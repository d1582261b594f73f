import { api, unwrap } from './request';
import type { Rating } from './types';

/** The party's view by receipt code: stage and status, nothing personal. No login. */
export function getPublicCase(receiptCode: string) {
  return unwrap(api.GET('/public/cases/{receiptCode}', { params: { path: { receiptCode } } }));
}

export function evaluateCase(receiptCode: string, rating: Rating, comment?: string) {
  return unwrap(
    api.POST('/public/cases/{receiptCode}/evaluation', {
      params: { path: { receiptCode } },
      body: comment ? { rating, comment } : { rating },
    }),
  );
}
