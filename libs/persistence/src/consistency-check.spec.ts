import { diffCaseState } from './consistency-check';

const state = {
  stage: 'HANDLING' as const,
  status: 'OPEN' as const,
  assigneeId: 'm1',
  unitId: 'u1',
  centerCode: 'TJ' as const,
  stageDeadline: '2026-12-01T02:00:00.000Z',
  escalationLevel: 1,
  reopenCount: 0,
  caseNo: 'JF-2026-000001',
  lastSeq: 7,
};
const row = {
  ...state,
  stageDeadline: new Date(state.stageDeadline) as Date | null,
  assigneeId: 'm1' as string | null,
  unitId: 'u1' as string | null,
  centerCode: 'TJ' as string | null,
  caseNo: 'JF-2026-000001' as string | null,
};

describe('diffCaseState', () => {
  it('finds nothing when the row says what the workflow says (times as instants, undefined as null)', () => {
    expect(diffCaseState(state, row)).toEqual([]);
    expect(diffCaseState({ ...state, assigneeId: undefined }, { ...row, assigneeId: null })).toEqual([]);
  });

  it('names every field that differs, with both values', () => {
    expect(diffCaseState(state, { ...row, stage: 'FEEDBACK', stageDeadline: null, lastSeq: 6 })).toEqual([
      { field: 'stage', workflow: 'HANDLING', readModel: 'FEEDBACK' },
      { field: 'stageDeadline', workflow: '2026-12-01T02:00:00.000Z', readModel: null },
      { field: 'lastSeq', workflow: 7, readModel: 6 },
    ]);
  });
});
