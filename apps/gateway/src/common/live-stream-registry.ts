import {
  BeforeApplicationShutdown,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Global,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  Module,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { Response } from 'express';
import { Observable, Subject } from 'rxjs';
import type { AppConfig } from '@app/config';
import { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import type { AuthUser } from '../auth/auth.types';
import { APP_CONFIG } from '../infrastructure/config.module';
import { ApiError } from './api-error';

/** Why a stream was ended by the gateway (the last event it sends, `event: end`). */
export type StreamEndReason = 'SHUTDOWN' | 'TOKEN_EXPIRED' | 'SIGNED_OUT' | 'ACCOUNT_INACTIVE';

export interface StreamEndMessage {
  type: 'end';
  data: { reason: StreamEndReason };
}

/**
 * The token a stream was opened with (directly, or through the ticket it bought): its id, expiry
 * and the account's session version it was signed under (a password change since ends the stream).
 */
export interface StreamToken {
  jti: string;
  exp: number;
  sv?: number;
}

/** One open stream: its owner, its token, and how to end it. */
export class OpenStream {
  private readonly ending = new Subject<StreamEndReason>();
  private ended = false;
  private markFinished!: () => void;
  /** Resolves once the answer has ended (the slot is free again). */
  readonly finished = new Promise<void>((resolve) => (this.markFinished = resolve));

  constructor(
    readonly user: AuthUser,
    readonly token: StreamToken | undefined,
    private readonly onRelease: (stream: OpenStream) => void,
  ) {}

  /** Ends the stream (once): its last event says why, then the answer ends. */
  end(reason: StreamEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.ending.next(reason);
    this.ending.complete();
  }

  /** Frees the slot once the answer has ended, whoever ended it (nothing is sent any more). */
  release(): void {
    this.ended = true;
    this.ending.complete();
    this.onRelease(this);
    this.markFinished();
  }

  /**
   * `events` until the stream is ended: then one `end` event with the reason, and completion
   * (Nest then ends the answer, so the connection can close).
   */
  wrap<T>(events: Observable<T>): Observable<T | StreamEndMessage> {
    return new Observable<T | StreamEndMessage>((subscriber) => {
      const reasons = this.ending.subscribe((reason) => {
        subscriber.next({ type: 'end', data: { reason } });
        subscriber.complete();
      });
      const inner = this.ended
        ? undefined
        : events.subscribe({ next: (event) => subscriber.next(event), error: (error) => subscriber.error(error) });
      if (this.ended) subscriber.complete();
      return () => {
        inner?.unsubscribe();
        reasons.unsubscribe();
      };
    });
  }
}

/**
 * The live streams (alerts, tasks) open on this gateway process: at most STREAM_MAX_PER_USER per
 * account (one more is refused with 429 before it opens); every STREAM_CHECK_INTERVAL_MS each
 * stream's token is checked for expiry and sign-out and its account for being still active, and
 * a stream that fails ends; on shutdown every stream ends, so that the server can close within
 * the shutdown instead of waiting for clients that never hang up.
 */
@Injectable()
export class LiveStreamRegistry implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveStreams');
  private readonly byUser = new Map<string, Set<OpenStream>>();
  private timer?: NodeJS.Timeout;
  private checking = false;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signIn: SignInRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.check(), this.config.streamCheckIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Ends every stream before the HTTP server closes (Nest calls this, then closes the server,
   * which waits for every connection to go idle), and waits a moment for their answers to end.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    const streams = this.all();
    for (const stream of streams) stream.end('SHUTDOWN');
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(streams.map((stream) => stream.finished)),
      new Promise((resolve) => (waited = setTimeout(resolve, SHUTDOWN_WAIT_MS))),
    ]);
    clearTimeout(waited);
  }

  /** How many streams the account holds open on this process. */
  openFor(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** A slot for a new stream, or 429 when the account holds the most it may (503 while shutting down). */
  claim(user: AuthUser, token: StreamToken | undefined): OpenStream {
    if (this.closing)
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'SERVICE_UNAVAILABLE',
        'this gateway is shutting down: open the stream again',
      );
    const streams = this.byUser.get(user.id) ?? new Set<OpenStream>();
    if (streams.size >= this.config.streamMaxPerUser) {
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'TOO_MANY_REQUESTS',
        `at most ${this.config.streamMaxPerUser} live streams may be open at once for one account (open desks or tabs); close one and try again`,
      );
    }
    const stream = new OpenStream(user, token, (released) => this.forget(released));
    streams.add(stream);
    this.byUser.set(user.id, streams);
    return stream;
  }

  /** Ends the streams whose token expired or was signed out, or whose account is no longer active. */
  async check(now = Date.now()): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const stream of this.all()) {
        if (stream.token && stream.token.exp * 1000 <= now) {
          stream.end('TOKEN_EXPIRED');
          continue;
        }
        const session = await this.signIn.session(stream.user.id, stream.token);
        if (!session) stream.end('ACCOUNT_INACTIVE');
        else if (session.revoked) stream.end('SIGNED_OUT');
      }
    } catch (error) {
      this.logger.warn(
        `checking the open streams failed (${(error as Error).message}); trying again at the next check`,
      );
    } finally {
      this.checking = false;
    }
  }

  private all(): OpenStream[] {
    return [...this.byUser.values()].flatMap((streams) => [...streams]);
  }

  private forget(stream: OpenStream): void {
    const streams = this.byUser.get(stream.user.id);
    streams?.delete(stream);
    if (streams?.size === 0) this.byUser.delete(stream.user.id);
  }
}

/** How long shutdown waits for the ended streams' answers to finish before closing the server anyway. */
const SHUTDOWN_WAIT_MS = 3000;

type StreamRequest = { user: AuthUser; token?: StreamToken; liveStream?: OpenStream };

/**
 * Takes a stream's slot before the stream opens (so a refusal is still a 429 with the error
 * body, not a stream), after the AuthGuard has named the user; the slot is freed when the
 * answer ends for whatever reason.
 */
@Injectable()
export class StreamSlotGuard implements CanActivate {
  constructor(private readonly registry: LiveStreamRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<StreamRequest>();
    const response = http.getResponse<Response>();
    const stream = this.registry.claim(request.user, request.token);
    request.liveStream = stream;
    response.once('close', () => stream.release());
    return true;
  }
}

/** The token the request came with (a ticket: the token that bought it), for the stream tickets to carry. */
export const CurrentToken = createParamDecorator((_: unknown, context: ExecutionContext): StreamToken | undefined => {
  const token = context.switchToHttp().getRequest<StreamRequest>().token;
  return token && { jti: token.jti, exp: token.exp, sv: token.sv };
});

/** The stream's slot, taken by StreamSlotGuard. */
export function liveStreamOf(request: StreamRequest): OpenStream {
  if (!request.liveStream) throw new Error('no stream slot: the route needs @UseGuards(StreamSlotGuard)');
  return request.liveStream;
}

@Global()
@Module({ providers: [LiveStreamRegistry, StreamSlotGuard], exports: [LiveStreamRegistry, StreamSlotGuard] })
export class LiveStreamsModule {}
