import { Subject } from 'rxjs';
import type { AppConfig } from '@app/config';
import type { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from './api-error';
import { LiveStreamRegistry } from './live-stream-registry';

const user = (id: string): AuthUser => ({ id, username: id, roles: ['SUPERVISOR'], unitIds: [] });

function setUp(max = 2) {
  const session = jest.fn(
    async (_userId: string, _token?: { jti: string; sv?: number }) =>
      ({ user: {}, revoked: false }) as { user: object; revoked: boolean } | null,
  );
  const registry = new LiveStreamRegistry(
    { streamMaxPerUser: max, streamCheckIntervalMs: 60_000 } as AppConfig,
    { session } as unknown as SignInRepository,
  );
  return { registry, session };
}

/** What a subscriber of the wrapped stream saw, and whether it completed. */
function watch<T>(source: import('rxjs').Observable<T>) {
  const seen: T[] = [];
  let completed = false;
  source.subscribe({ next: (event) => seen.push(event), complete: () => (completed = true) });
  return { seen, completed: () => completed };
}

describe('LiveStreamRegistry', () => {
  it('refuses one stream more than the cap per account with 429, and frees a slot when an answer ends', () => {
    const { registry } = setUp(2);
    const first = registry.claim(user('a'), undefined);
    registry.claim(user('a'), undefined);
    registry.claim(user('b'), undefined); // another account has its own slots
    const refusal = (() => {
      try {
        registry.claim(user('a'), undefined);
      } catch (error) {
        return error as ApiError;
      }
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal!.getStatus()).toBe(429);
    expect(refusal!.getResponse()).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('at most 2 live streams'),
    });
    first.release();
    expect(registry.openFor('a')).toBe(1);
    expect(() => registry.claim(user('a'), undefined)).not.toThrow();
  });

  it('ends a stream whose token expired, was signed out, or whose account is inactive, with the reason as its last event', async () => {
    const { registry, session } = setUp(5);
    const now = Date.now();
    const expired = registry.claim(user('a'), { jti: 'j1', exp: Math.floor(now / 1000) - 1 });
    const signedOut = registry.claim(user('a'), { jti: 'j2', exp: Math.floor(now / 1000) + 3600 });
    const inactive = registry.claim(user('b'), { jti: 'j3', exp: Math.floor(now / 1000) + 3600 });
    const fine = registry.claim(user('c'), { jti: 'j4', exp: Math.floor(now / 1000) + 3600 });
    session.mockImplementation(async (userId, token) =>
      userId === 'b' ? null : { user: {}, revoked: token?.jti === 'j2' },
    );
    const events = [expired, signedOut, inactive, fine].map((stream) =>
      watch(stream.wrap(new Subject<{ type: 'alert' }>())),
    );

    await registry.check(now);
    expect(events.map((e) => e.seen)).toEqual([
      [{ type: 'end', data: { reason: 'TOKEN_EXPIRED' } }],
      [{ type: 'end', data: { reason: 'SIGNED_OUT' } }],
      [{ type: 'end', data: { reason: 'ACCOUNT_INACTIVE' } }],
      [],
    ]);
    expect(events.map((e) => e.completed())).toEqual([true, true, true, false]);
  });

  it("passes the stream's events on until it ends", () => {
    const { registry } = setUp();
    const stream = registry.claim(user('a'), undefined);
    const source = new Subject<{ type: 'alert'; id: string }>();
    const seen = watch(stream.wrap(source));
    source.next({ type: 'alert', id: '1' });
    stream.end('SIGNED_OUT');
    source.next({ type: 'alert', id: '2' });
    expect(seen.seen).toEqual([
      { type: 'alert', id: '1' },
      { type: 'end', data: { reason: 'SIGNED_OUT' } },
    ]);
    expect(source.observed).toBe(false);
  });

  it('ends every stream on shutdown and refuses new ones', async () => {
    const { registry } = setUp();
    const stream = registry.claim(user('a'), undefined);
    const seen = watch(stream.wrap(new Subject()));
    // The answer ends once the end event is written: Nest's part, played here.
    const shutdown = registry.beforeApplicationShutdown();
    expect(seen.seen).toEqual([{ type: 'end', data: { reason: 'SHUTDOWN' } }]);
    stream.release();
    await shutdown;
    expect(() => registry.claim(user('b'), undefined)).toThrow(/shutting down/);
  });
});
