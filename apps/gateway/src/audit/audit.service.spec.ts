import type { AuditEntry } from '@app/persistence/repositories/audit.repository';
import { withRequestContext } from '../common/request-context';
import { AuditService, changedFields, personalDataIn } from './audit.service';

describe('AuditService', () => {
  const appended: AuditEntry[] = [];
  const service = new AuditService({
    append: async (entry: AuditEntry) => (appended.push(entry), 'id'),
    list: jest.fn(),
  } as never);
  beforeEach(() => (appended.length = 0));

  it('takes the client address and request id from the request being handled', async () => {
    await withRequestContext({ requestId: 'req-1', clientAddress: '10.0.0.7' }, () =>
      service.signInFailed('nobody', 'wrong username or password'),
    );
    expect(appended).toEqual([
      {
        kind: 'SIGN_IN_FAILED',
        actorId: null,
        actorUsername: 'nobody',
        targetType: 'user',
        targetId: null,
        details: { reason: 'wrong username or password' },
        clientAddress: '10.0.0.7',
        requestId: 'req-1',
      },
    ]);
  });

  it('records outside a request without an address', async () => {
    await service.signedIn({ id: 'u1', username: 'clerk1' });
    expect(appended[0]).toMatchObject({
      kind: 'SIGN_IN',
      actorId: 'u1',
      actorUsername: 'clerk1',
      clientAddress: null,
      requestId: null,
    });
  });

  it('fails when the append fails: no recorded event is skipped silently', async () => {
    const failing = new AuditService({ append: async () => Promise.reject(new Error('db down')) } as never);
    await expect(failing.signedIn({ id: 'u1', username: 'clerk1' })).rejects.toThrow('db down');
  });
});

describe('changedFields', () => {
  it('keeps only what changed, on both sides', () => {
    expect(
      changedFields(
        { roles: ['CLERK'], active: true, centerCode: null },
        { roles: ['CLERK', 'ADMIN'], active: true, centerCode: undefined },
      ),
    ).toEqual({
      before: { roles: ['CLERK'] },
      after: { roles: ['CLERK', 'ADMIN'] },
    });
  });
});

describe('personalDataIn', () => {
  it('names the kinds of data shown whole and counts the parties holding any', () => {
    expect(personalDataIn([{ phone: '13800000000' }, { idNumber: '110101199001011234', phone: null }, {}])).toEqual({
      fields: ['idNumber', 'phone'],
      parties: 2,
    });
    expect(personalDataIn([{ phone: '' }])).toEqual({ fields: [], parties: 0 });
  });

  it('looks into event payloads however deep', () => {
    expect(
      personalDataIn([
        { seq: 1, data: { parties: [{ name: 'a', phone: '13800000000' }] } },
        { seq: 2, data: { merged: { parties: [{ idNumber: 'x1' }] } } },
      ]),
    ).toEqual({
      fields: ['idNumber', 'phone'],
      parties: 2,
    });
  });
});
