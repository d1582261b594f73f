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

/** A refusal by the workflow (validator or handler) becomes the contract's 409/403/422. */
export function toApiError(error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) return ApiError.notFound('case');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type as ErrorCode;
    const status = STATUS_BY_TYPE[code];
    if (status) return new ApiError(status, code, error.cause.message);
  }
  return error;
}
