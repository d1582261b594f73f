import { VersionedKeep } from './stats-keep';

describe('VersionedKeep', () => {
  it('gives a value back only at the version it was kept at, and lets the least recently used go', () => {
    const keep = new VersionedKeep<string>(2);
    keep.set('a', '1', 'A');
    keep.set('b', '1', 'B');
    expect(keep.get('a', '2')).toBeUndefined();
    expect(keep.get('a', '1')).toBe('A');
    keep.set('c', '1', 'C'); // 'b' is now the least recently used
    expect([keep.get('a', '1'), keep.get('b', '1'), keep.get('c', '1')]).toEqual(['A', undefined, 'C']);
  });
});
