import { Global, HttpStatus, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { AppConfig } from '@app/config';
import { ApiError } from '../common/api-error';
import { APP_CONFIG } from './config.module';
import { RequestIdClientInterceptor } from './request-id.client-interceptor';

/** What a caller refused with 503 TEMPORAL_UNAVAILABLE is told to wait before trying again. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** gRPC status codes (grpc-js `status`): the server cannot be reached, or the call's deadline passed. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * True when an error of a Temporal call means "Temporal did not answer in time" (the server is
 * down or unreachable, the call's deadline passed, the connection could not be made), as opposed
 * to an answer (a refused update, an unknown workflow). Follows the error's causes.
 */
export function isTemporalUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof TemporalConnectError || e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}

/** The API's answer while Temporal cannot be reached: nothing was done, try again later. */
export function temporalUnavailableError(): ApiError {
  return new ApiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    'TEMPORAL_UNAVAILABLE',
    'the workflow service did not answer in time; try again after Retry-After seconds with the same Idempotency-Key',
    {},
    TEMPORAL_RETRY_AFTER_SECONDS,
  );
}

class TemporalConnectError extends Error {
  constructor(cause: unknown) {
    super(`cannot connect to Temporal: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TemporalConnectError';
  }
}

/**
 * The gateway's Temporal client: one connection per process, closed on shutdown. Every call goes
 * through `call` (a deadline, then 503 TEMPORAL_UNAVAILABLE) or `query` (a shorter deadline, then
 * undefined: the caller answers from the read model), so that no request waits out the SDK's own
 * retries of an unreachable server.
 */
@Injectable()
export class TemporalClientProvider implements OnApplicationShutdown {
  private readonly logger = new Logger('Temporal');
  private connecting?: Promise<Client>;
  private connection?: Connection;
  /** Until then, reads skip the workflow query: the last call found Temporal unreachable. */
  private downUntil = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async get(): Promise<Client> {
    this.connecting ??= Connection.connect({
      address: this.address(),
      connectTimeout: Math.min(5000, this.config.temporalCallTimeoutMs),
    }).then(
      (connection) => {
        this.connection = connection;
        return new Client({
          connection,
          namespace: this.config.temporalNamespace,
          interceptors: { workflow: [new RequestIdClientInterceptor()] },
        });
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw new TemporalConnectError(error);
      },
    );
    return this.connecting;
  }

  get taskQueue(): string {
    return this.config.temporalTaskQueue;
  }

  /** True while the last call found Temporal unreachable (for TEMPORAL_RETRY_AFTER_SECONDS). */
  get down(): boolean {
    return Date.now() < this.downUntil;
  }

  /**
   * A state-changing call (start, update) within TEMPORAL_CALL_TIMEOUT_MS. Temporal unreachable or
   * too slow: 503 TEMPORAL_UNAVAILABLE with Retry-After. Other errors are the caller's to map.
   */
  async call<T>(fn: (client: Client) => Promise<T>, timeoutMs = this.config.temporalCallTimeoutMs): Promise<T> {
    try {
      const client = await this.get();
      const result = await client.connection.withDeadline(Date.now() + timeoutMs, () => fn(client));
      this.downUntil = 0;
      return result;
    } catch (error) {
      if (!isTemporalUnavailable(error)) throw error;
      this.markDown(error);
      throw temporalUnavailableError();
    }
  }

  /**
   * A read of the workflow (a query) within TEMPORAL_QUERY_TIMEOUT_MS; undefined when Temporal
   * is unreachable, too slow, or was found unreachable a moment ago: the read model answers then.
   */
  async query<T>(fn: (client: Client) => Promise<T>): Promise<T | undefined> {
    if (this.down) return undefined;
    try {
      return await this.call(fn, this.config.temporalQueryTimeoutMs);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'TEMPORAL_UNAVAILABLE') return undefined;
      throw error;
    }
  }

  async healthy(): Promise<boolean> {
    try {
      await this.call(
        (client) => client.connection.workflowService.describeNamespace({ namespace: this.config.temporalNamespace }),
        Math.min(3000, this.config.temporalCallTimeoutMs),
      );
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }

  private markDown(error: unknown): void {
    if (!this.down) this.logger.warn(`Temporal unreachable: ${error instanceof Error ? error.message : String(error)}`);
    this.downUntil = Date.now() + TEMPORAL_RETRY_AFTER_SECONDS * 1000;
  }

  private address(): string {
    if (!this.config.temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set');
    return this.config.temporalAddress;
  }
}

@Global()
@Module({ providers: [TemporalClientProvider], exports: [TemporalClientProvider] })
export class TemporalModule {}
