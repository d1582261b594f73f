import { DayKeep, KeptMeasures, type MeasureChange } from './stats-keep';

const change = (version: number, dim: MeasureChange['dim'], fromDay: string | null): MeasureChange => ({
  version: String(version),
  dim,
  fromDay,
});

describe('DayKeep', () => {
  it('lets the least recently used go', () => {
    const keep = new DayKeep<string>(2);
    keep.set('a', 'grid', '2026-10-01', 'A');
    keep.set('b', 'grid', '2026-10-02', 'B');
    expect(keep.get('a')).toBe('A');
    keep.set('c', 'grid', '2026-10-03', 'C'); // 'b' is now the least recently used
    expect([keep.get('a'), keep.get('b'), keep.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('drops the entries of one dimension on or after a day, or on every day', () => {
    const keep = new DayKeep<string>(10);
    keep.set('grid|01', 'grid', '2026-10-01', 'g1');
    keep.set('grid|05', 'grid', '2026-10-05', 'g5');
    keep.set('grid|09', 'grid', '2026-10-09', 'g9');
    keep.set('unit|01', 'unit', '2026-10-01', 'u1');
    keep.drop('grid', '2026-10-05');
    expect(['grid|01', 'grid|05', 'grid|09', 'unit|01'].map((id) => keep.get(id))).toEqual([
      'g1',
      undefined,
      undefined,
      'u1',
    ]);
    keep.drop('unit', null);
    expect([keep.get('grid|01'), keep.get('unit|01')]).toEqual(['g1', undefined]);
  });
});

describe('KeptMeasures', () => {
  const filled = () => {
    const kept = new KeptMeasures<string, string>();
    kept.catchUp('10', null, []);
    kept.totals.set('grid|2026-10-01|-1', 'grid', '2026-10-01', 'grid as of 1 Oct');
    kept.totals.set('grid|2026-10-31|1', 'grid', '2026-10-31', 'grid as of 31 Oct');
    kept.totals.set('unit|2026-10-01|-1', 'unit', '2026-10-01', 'unit as of 1 Oct');
    kept.facts.set('unit|2026-10-20', 'unit', '2026-10-20', 'unit facts of 20 Oct');
    kept.facts.set('grid|2026-10-20', 'grid', '2026-10-20', 'grid facts of 20 Oct');
    return kept;
  };
  const contents = (kept: KeptMeasures<string, string>) => [
    kept.totals.get('grid|2026-10-01|-1'),
    kept.totals.get('grid|2026-10-31|1'),
    kept.totals.get('unit|2026-10-01|-1'),
    kept.facts.get('unit|2026-10-20'),
    kept.facts.get('grid|2026-10-20'),
  ];

  it('starts at the version of its first read, reading no changes before it', () => {
    const kept = new KeptMeasures<string, string>();
    expect(kept.since).toBeNull();
    expect(kept.mayKeep('10')).toBe(false);
    kept.catchUp('10', null, []);
    expect(kept.since).toBe('10');
    expect([kept.mayKeep('9'), kept.mayKeep('10'), kept.mayKeep('11')]).toEqual([false, true, true]);
  });

  it('drops what a transfer changed: that dimension, from that day on, and nothing else', () => {
    const kept = filled();
    // A case moved to another unit; its facts begin 15 Oct.
    kept.catchUp('11', '10', [change(11, 'unit', '2026-10-15'), change(11, 'center', '2026-10-15')]);
    expect(contents(kept)).toEqual([
      'grid as of 1 Oct',
      'grid as of 31 Oct',
      'unit as of 1 Oct',
      undefined,
      'grid facts of 20 Oct',
    ]);
    expect(kept.since).toBe('11');
  });

  it('drops every day of every dimension after a rebuild', () => {
    const kept = filled();
    kept.catchUp(
      '11',
      '10',
      (['center', 'unit', 'community', 'grid', 'category'] as const).map((dim) => change(11, dim, null)),
    );
    expect(contents(kept)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('drops everything when a version is missing from the log (pruned, or a bump that logged nothing)', () => {
    const kept = filled();
    kept.catchUp('13', '10', [change(11, 'unit', '2026-10-15'), change(13, 'unit', '2026-10-15')]);
    expect(contents(kept)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(kept.since).toBe('13');
  });

  it('applies several versions at once, in any order, and a read older than the last caught up changes nothing', () => {
    const kept = filled();
    kept.catchUp('12', '10', [change(12, 'grid', '2026-10-25'), change(11, 'unit', '2026-10-25')]);
    expect(contents(kept)).toEqual([
      'grid as of 1 Oct',
      undefined,
      'unit as of 1 Oct',
      'unit facts of 20 Oct',
      'grid facts of 20 Oct',
    ]);
    // A read begun at 10 that ends after the one above: its changes are already applied.
    kept.catchUp('11', '10', [change(11, 'grid', '2026-09-01')]);
    expect(kept.totals.get('grid|2026-10-01|-1')).toBe('grid as of 1 Oct');
    expect(kept.since).toBe('12');
  });

  it('drops everything when the version goes back below the one the read began after (a database restored from a backup)', () => {
    const kept = filled();
    kept.catchUp('12', '10', [change(11, 'unit', '2026-10-25'), change(12, 'unit', '2026-10-25')]);
    expect(kept.totals.get('grid|2026-10-01|-1')).toBe('grid as of 1 Oct');
    kept.catchUp('7', '12', []);
    expect(contents(kept)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(kept.since).toBe('7');
    expect(kept.mayKeep('7')).toBe(true);
  });

  it('does not keep a read older than what it has caught up with: it may lack a change already applied', () => {
    const kept = filled();
    kept.catchUp('11', '10', [change(11, 'grid', '2026-10-05')]);
    expect([kept.mayKeep('10'), kept.mayKeep('11'), kept.mayKeep('12')]).toEqual([false, true, true]);
  });

  it('drops everything when a read begun before the first one ends at a newer version (its changes were not read)', () => {
    const kept = filled();
    kept.catchUp('12', null, []);
    expect(contents(kept)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(kept.since).toBe('12');
    kept.totals.set('grid|2026-10-01|-1', 'grid', '2026-10-01', 'again');
    kept.catchUp('12', null, []);
    expect(kept.totals.get('grid|2026-10-01|-1')).toBe('again');
  });
});
