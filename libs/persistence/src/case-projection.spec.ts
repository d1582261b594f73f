import type { RecordedCaseEvent } from '@app/contracts';
import { foldCaseEvents, projectEvent } from './case-projection';

const CASE = '00000000-0000-4000-8000-00000000c0de';
let seq = 0;
const event = (
  type: RecordedCaseEvent['type'],
  at: string,
  payload: Record<string, unknown> = {},
): RecordedCaseEvent => ({
  caseId: CASE,
  seq: ++seq,
  type,
  at,
  actor: { userId: 'u', role: 'CLERK' },
  payload,
  schemaVersion: 1,
});

describe('projectEvent / foldCaseEvents', () => {
  beforeEach(() => (seq = 0));
  const history = () => [
    event('DisputeReported', '2026-01-05T00:00:00.000Z', {
      channel: 'WALK_IN',
      category: 'NEIGHBOR',
      summary: 's',
      description: 'd',
      gridCode: 'G',
      address: 'a',
      urgent: false,
      parties: [],
      severity: 'NORMAL',
      slaClass: 'SIMPLE',
      stage: 'DISCOVERY',
      stageDeadline: '2026-01-06T00:00:00.000Z',
    }),
    event('DisputeAccepted', '2026-01-05T02:00:00.000Z', {
      caseNo: 'JF-2026-000001',
      receiptCode: 'R',
      stage: 'ACCEPTANCE',
      stageDeadline: '2026-01-06T02:00:00.000Z',
    }),
    event('WarningRaised', '2026-01-05T21:00:00.000Z', {
      level: 0,
      stage: 'ACCEPTANCE',
      deadline: '2026-01-06T02:00:00.000Z',
    }),
    event('HandlingRecorded', '2026-01-05T22:00:00.000Z', { note: 'n' }),
    event('EvaluationReceived', '2026-01-06T00:00:00.000Z', { rating: 'SATISFIED' }),
    event('DisputeClosed', '2026-01-06T00:00:00.000Z', {
      resolution: 'RESOLVED',
      stage: 'CLOSED',
      stageDeadline: null,
      status: 'CLOSED',
    }),
  ];

  it('opens a stage visit on each stage entered and closes it, with the deadline it had, when the case moves on', () => {
    const { visits } = foldCaseEvents(history(), 'C');
    expect(visits).toEqual([
      expect.objectContaining({
        stage: 'DISCOVERY',
        enteredSeq: 1,
        leftSeq: 2,
        nextStage: 'ACCEPTANCE',
        deadline: new Date('2026-01-06T00:00:00.000Z'),
      }),
      expect.objectContaining({
        stage: 'ACCEPTANCE',
        enteredSeq: 2,
        leftSeq: 6,
        nextStage: 'CLOSED',
        leftAt: new Date('2026-01-06T00:00:00.000Z'),
      }),
    ]);
  });

  it('keeps the centers of the units an assistance was asked of, each once, through answers and withdrawals', () => {
    const [reported, accepted] = history();
    const asked = (id: string, centerCode: string) =>
      event('AssistanceRequested', '2026-01-05T03:00:00.000Z', {
        assistanceId: id,
        assistingUnitId: `unit-${id}`,
        assistingCenterCode: centerCode,
        deadline: '2026-01-06T03:00:00.000Z',
        instruction: 'i',
        workingDays: 1,
        assistanceStatus: 'OPEN',
      });
    const events = [
      reported,
      accepted,
      asked('a1', 'XF'),
      event('AssistanceWithdrawn', '2026-01-05T04:00:00.000Z', { assistanceId: 'a1', reason: 'r' }),
      asked('a2', 'TJ'),
      asked('a3', 'XF'),
    ];
    expect(foldCaseEvents(events.slice(0, 2), 'C').row.assistingCenters).toEqual([]);
    expect(foldCaseEvents(events, 'C').row.assistingCenters).toEqual(['XF', 'TJ']);
  });

  it('derives alerts and ratings from their events, and the case row as the last event left it', () => {
    const { row, alerts, ratings } = foldCaseEvents(history(), 'C');
    expect(row).toMatchObject({
      stage: 'CLOSED',
      status: 'CLOSED',
      resolution: 'RESOLVED',
      caseNo: 'JF-2026-000001',
      lastSeq: 6,
      communityCode: 'C',
    });
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'WARNING', level: 0, eventSeq: 3, caseNo: 'JF-2026-000001' }),
    ]);
    expect(ratings).toEqual([
      { caseId: CASE, seq: 5, rating: 'SATISFIED', ratedAt: new Date('2026-01-06T00:00:00.000Z') },
    ]);
  });

  it('changes no visit for an event that keeps the stage', () => {
    const [reported, accepted, , recorded] = history();
    const row = foldCaseEvents([reported, accepted], null).row;
    expect(projectEvent(row, recorded, null)).toMatchObject({
      leftStage: null,
      enteredStage: null,
      alert: null,
      rating: null,
    });
  });
});
