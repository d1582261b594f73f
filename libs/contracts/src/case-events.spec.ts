import { isSameEvent, type CaseEventDraft } from './case-events';

describe('isSameEvent: is the stored event the one the workflow drafted?', () => {
  const draft: CaseEventDraft = {
    caseId: 'c',
    seq: 4,
    type: 'TaskClaimed',
    at: '2026-12-01T12:31:20.323Z',
    actor: { userId: 'u1', role: 'MEDIATOR' },
    payload: {
      assigneeId: 'u1',
      stage: 'HANDLING',
      stageDeadline: '2026-12-22T12:31:20.323Z',
      extra: { b: 1, a: [1, 2] },
      gone: undefined,
    },
  };
  // As jsonb and timestamptz give it back: keys reordered, undefined members dropped, time re-serialised.
  const stored = {
    type: 'TaskClaimed',
    at: '2026-12-01T12:31:20.323+00:00',
    actor: { userId: 'u1', role: 'MEDIATOR' },
    payload: {
      extra: { a: [1, 2], b: 1 },
      stageDeadline: '2026-12-22T12:31:20.323Z',
      stage: 'HANDLING',
      assigneeId: 'u1',
    },
  };

  it('the same event read back from PostgreSQL', () => {
    expect(isSameEvent(draft, stored)).toBe(true);
  });

  it('fields that enrichment added to the stored payload do not count', () => {
    expect(isSameEvent(draft, { ...stored, payload: { ...stored.payload, caseNo: 'JF-2026-000001' } })).toBe(true);
  });

  it.each([
    ['another time', { at: '2026-12-01T12:31:30.323Z' }],
    ['another type', { type: 'TaskReleased' }],
    ['another actor', { actor: { userId: 'u2', role: 'MEDIATOR' } }],
    ['another deadline', { payload: { ...stored.payload, stageDeadline: '2026-12-22T12:31:30.323Z' } }],
    ['a nested difference', { payload: { ...stored.payload, extra: { a: [2, 1], b: 1 } } }],
    ['a drafted field missing', { payload: { ...stored.payload, assigneeId: undefined } }],
  ])('%s is another event', (_name, change) => {
    expect(isSameEvent(draft, { ...stored, ...change })).toBe(false);
  });
});
