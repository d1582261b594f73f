import { applyDecorators } from '@nestjs/common';
import { ApiServiceUnavailableResponse } from '@nestjs/swagger';

/**
 * A route that needs Temporal to answer (an intake, a case action): with Temporal unreachable or
 * past TEMPORAL_CALL_TIMEOUT_MS it answers 503 TEMPORAL_UNAVAILABLE with Retry-After, and nothing
 * was changed. (Reads never answer it: they fall back to the read models.)
 */
export const ApiTemporalUnavailable = () =>
  applyDecorators(
    ApiServiceUnavailableResponse({
      description:
        'TEMPORAL_UNAVAILABLE: the workflow service did not answer in time (unreachable: nothing was changed). Retry after ' +
        'Retry-After seconds with the same Idempotency-Key: it never acts twice',
      headers: {
        'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
      },
    }),
  );
