import { HttpStatus } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ApiError, ErrorCode } from '../common/api-error';

const STATUS_BY_TYPE: Partial<Record<ErrorCode, HttpStatus>> = {
  STAGE_CONFLICT: HttpStatus.CONFLICT,
  ALREADY_CLAIMED: HttpStatus.CONFLICT,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  RULE_VIOLATION: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_FOUND: HttpStatus.NOT_FOUND,
};

/**
 * A refusal by the workflow (validator or handler) becomes the contract's 409/403/422. A case
 * whose workflow has completed is closed: acting on it does not fit its stage.
 */
export function toApiError(error: unknown, caseKnown = false): unknown {
  if (error instanceof WorkflowNotFoundError) {
    return caseKnown
      ? new ApiError(HttpStatus.CONFLICT, 'STAGE_CONFLICT', 'the case is closed')
      : ApiError.notFound('case');
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type as ErrorCode;
    const status = STATUS_BY_TYPE[code];
    if (status) return new ApiError(status, code, error.cause.message);
  }
  return error;
}
