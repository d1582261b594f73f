import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

/** `parties.0.phone: phone must be …` — one line per bad field, nested fields by path. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(`property ${error.property} `) ? `${field}: unknown field` : `${field}: ${text}`,
    );
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Unknown fields are refused, not dropped; every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => ApiError.validation(flattenValidationErrors(errors)),
  });
}
