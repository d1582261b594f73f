import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { interval, map, merge, Observable } from 'rxjs';
import { ApiError } from './api-error';

/** What a stream's URL may carry: the one-use ticket of a browser, and where to resume. */
export class StreamQueryDto {
  @ApiPropertyOptional({
    description: 'one-use ticket from POST .../stream-ticket (browsers: EventSource cannot send a bearer token)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ticket?: string;

  @ApiPropertyOptional({
    description:
      'the id of the last event received, as the Last-Event-ID header (for clients that reopen with a new ticket)',
    pattern: '^\\d{1,15}$',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'lastEventId must be the id of an event received (digits)' })
  lastEventId?: string;
}

export class StreamTicketDto {
  @ApiProperty({ description: 'present it once, as ?ticket=, within a minute' }) ticket!: string;
  @ApiProperty() expiresAt!: string;
}

/** The 429 of a stream route (LiveStreamRegistry). */
export const STREAM_LIMIT_REFUSAL =
  'TOO_MANY_REQUESTS: the account already holds the most live streams it may (STREAM_MAX_PER_USER, 5) on this gateway';

const STREAM_QUERY_KEYS = new Set(['ticket', 'lastEventId']);
const EVENT_ID = /^\d{1,15}$/;

/**
 * Checks a stream request's Last-Event-ID and query before the stream opens: Nest sends a stream
 * handler's headers (200, text/event-stream) before its pipes run, so the validation pipe could
 * no longer answer 400 there.
 */
@Injectable()
export class StreamRequestGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; query: Record<string, unknown> }>();
    const problems: string[] = [];
    const header = request.headers['last-event-id'];
    if (header !== undefined && header !== '' && !EVENT_ID.test(header)) {
      problems.push(`Last-Event-ID: must be the id of an event received (digits), not "${header.slice(0, 40)}"`);
    }
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (!STREAM_QUERY_KEYS.has(key)) problems.push(`${key}: unknown field`);
      else if (typeof value !== 'string' || value.length > 100) problems.push(`${key}: must be one short text`);
      else if (value.includes('\u0000')) problems.push(`${key}: must not contain the character U+0000`);
      else if (key === 'lastEventId' && !EVENT_ID.test(value))
        problems.push('lastEventId: must be the id of an event received (digits)');
    }
    if (problems.length) throw ApiError.validation(problems);
    return true;
  }
}

/** The Last-Event-ID header (checked by StreamRequestGuard). */
export const LastEventIdHeader = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers[
    'last-event-id'
  ];
  return value ? Number(value) : undefined;
});

/** The position to resume after: the Last-Event-ID header, else `?lastEventId=`; undefined: from now. */
export function resumeAfter(header: number | undefined, query: StreamQueryDto): number | undefined {
  return header ?? (query.lastEventId ? Number(query.lastEventId) : undefined);
}

const HEARTBEAT_MS = 25_000;

/** A `ping` event every 25 s: proxies keep the stream open, and a client notices a dead one. */
export function withHeartbeat<T extends { type: string }>(
  events: Observable<T>,
): Observable<T | { type: 'ping'; data: { at: string } }> {
  return merge(
    events,
    interval(HEARTBEAT_MS).pipe(map(() => ({ type: 'ping' as const, data: { at: new Date().toISOString() } }))),
  );
}
