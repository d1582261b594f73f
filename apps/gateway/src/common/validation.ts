import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

/**
 * The body of an action that takes none (accept, approve, resume, claim, release, acknowledge):
 * with the pipe's forbidNonWhitelisted, any field sent is refused and named.
 */
export class NoBodyDto {}

/** Keys that class-transformer drops silently and that would reach prototypes if they did not. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** No body of the contract nests more than a few levels; a far deeper one would exhaust the stack of every recursive check (a 500). */
export const MAX_NESTING = 16;

/** What is wrong with the shape of a body or query before its DTO is checked; undefined when nothing. */
export function shapeProblem(value: unknown, path: string, topLevel = true, depth = 0): string | undefined {
  if (topLevel && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    return `${path}: must be a JSON object`;
  }
  // PostgreSQL stores no U+0000 in text or jsonb: refused here, before it reaches the event store.
  if (typeof value === 'string')
    return value.includes('\u0000') ? `${path}: must not contain the character U+0000` : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_NESTING) return `${path}: nested deeper than ${MAX_NESTING} levels`;
  for (const [key, child] of Object.entries(value)) {
    const at = topLevel ? key : `${path}.${key}`;
    if (!Array.isArray(value) && FORBIDDEN_KEYS.has(key)) return `${at}: unknown field`;
    const problem = shapeProblem(child, at, false, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

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

/** The global pipe: a body or query must be an object, with no key that names a prototype. */
class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      // No body at all reaches the pipe as undefined (or {} from the JSON parser): an empty object.
      const problem = value === undefined ? undefined : shapeProblem(value, metadata.type);
      if (problem) throw ApiError.validation([problem]);
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, not dropped; every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => ApiError.validation(flattenValidationErrors(errors)),
  });
}
