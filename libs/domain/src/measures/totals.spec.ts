import {
  cumulativeUpdates,
  measureDeltas,
  touchesMeasures,
  type MeasureCaseRow,
  type MeasureDims,
  type MeasureFact,
} from './totals';
import { HIST_BUCKETS } from './histogram';

const dims = (unit: string): MeasureDims => ({ center: 'TJ', unit, community: 'C1', grid: 'G1', category: 'NEIGHBOR' });
const fact = (metric: string, day: string, extra: Partial<MeasureFact> = {}): MeasureFact => ({
  metric,
  sub: '',
  day,
  hits: 0,
  extra: 0,
  ms: 0,
  bucket: null,
  ...extra,
});

describe('measureDeltas', () => {
  it('adds a new fact once per dimension, and nothing for facts that did not change', () => {
    const accepted = fact('acceptance', '2020-01-02', { hits: 1 });
    const visit = fact('stage_time', '2020-01-03', { sub: 'ROUTING', ms: 7_200_000, bucket: 28 });
    const deltas = measureDeltas(
      { dims: dims('u1'), facts: [accepted] },
      { dims: dims('u1'), facts: [accepted, visit] },
    );
    expect(deltas.map((d) => [d.dim, d.grp, d.metric, d.sub, d.day, d.n, d.ms])).toEqual([
      ['category', 'NEIGHBOR', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['center', 'TJ', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['community', 'C1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['grid', 'G1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['unit', 'u1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
    ]);
    expect([...deltas[0].hist!]).toEqual([[28, 1]]);
  });

  it('moves every fact of a transferred case from the old unit to the new one, and only on the unit', () => {
    const facts = [fact('acceptance', '2020-01-02', { hits: 1 }), fact('escalation', '2020-01-04', { sub: '1' })];
    const deltas = measureDeltas({ dims: dims('u1'), facts }, { dims: dims('u2'), facts });
    expect(deltas.map((d) => [d.dim, d.grp, d.metric, d.n, d.hits])).toEqual([
      ['unit', 'u1', 'acceptance', -1, -1],
      ['unit', 'u1', 'escalation', -1, 0],
      ['unit', 'u2', 'acceptance', 1, 1],
      ['unit', 'u2', 'escalation', 1, 0],
    ]);
  });

  it('counts nothing before a case has a row', () => {
    expect(measureDeltas({ dims: null, facts: [] }, { dims: dims('u1'), facts: [] })).toEqual([]);
  });
});

describe('cumulativeUpdates', () => {
  it('gives each day range of a key the running sum of its deltas', () => {
    const facts = [
      fact('stage_time', '2020-01-05', { sub: 'HANDLING', ms: 10, bucket: 3 }),
      fact('stage_time', '2020-01-02', { sub: 'HANDLING', ms: 5, bucket: 1 }),
    ];
    const deltas = measureDeltas({ dims: null, facts: [] }, { dims: dims('u1'), facts }).filter(
      (d) => d.dim === 'unit',
    );
    const updates = cumulativeUpdates(deltas);
    expect(updates.map((u) => [u.from, u.until, u.n, u.ms])).toEqual([
      ['2020-01-02', '2020-01-05', 1, 5],
      ['2020-01-05', null, 2, 15],
    ]);
    expect(updates[1].hist).toHaveLength(HIST_BUCKETS);
    expect(updates[1].hist!.slice(0, 4)).toEqual([0, 1, 0, 1]);
  });
});

describe('touchesMeasures', () => {
  const row: MeasureCaseRow = {
    centerCode: 'TJ',
    unitId: 'u1',
    communityCode: 'C1',
    gridCode: 'G1',
    category: 'NEIGHBOR',
    stage: 'HANDLING',
    resolution: null,
    reopenCount: 0,
    stageEnteredAt: new Date('2020-01-02T00:00:00Z'),
  };
  const step = (
    next: Partial<MeasureCaseRow>,
    effects: { leftStage?: unknown; alert?: unknown; rating?: unknown } = {},
  ) => ({
    row: { ...row, ...next },
    leftStage: effects.leftStage ?? null,
    alert: effects.alert ?? null,
    rating: effects.rating ?? null,
  });

  it('skips the events that change no fact and no group: a new case, a handling record', () => {
    expect(touchesMeasures(null, step({ stage: 'DISCOVERY' }))).toBe(false);
    expect(touchesMeasures(row, step({}))).toBe(false);
  });

  it('takes a stage left, an alert, a rating, a closure and a move to another group', () => {
    expect(touchesMeasures(row, step({}, { leftStage: {} }))).toBe(true);
    expect(touchesMeasures(row, step({}, { alert: {} }))).toBe(true);
    expect(touchesMeasures(row, step({}, { rating: {} }))).toBe(true);
    expect(touchesMeasures(row, step({ resolution: 'RESOLVED' }))).toBe(true);
    expect(touchesMeasures(row, step({ unitId: 'u2' }))).toBe(true);
    expect(touchesMeasures(row, step({ category: 'FAMILY' }))).toBe(true);
  });
});
