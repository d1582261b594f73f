import { StreamCursor } from './alert-stream.service';

const at = (...positions: number[]) => positions.map((streamPosition) => ({ streamPosition }));

describe('StreamCursor: each alert once, in order, late commits included', () => {
  it('takes what follows its position and skips what it sent', () => {
    const cursor = new StreamCursor(3);
    expect(cursor.take(at(2, 3, 4, 5))).toEqual(at(4, 5));
    expect(cursor.take(at(4, 5))).toEqual([]);
    expect(cursor.position).toBe(5);
    expect(cursor.pending()).toEqual([]);
  });

  it('a position skipped by a later commit is asked for again and taken once when it appears', () => {
    const cursor = new StreamCursor(0);
    expect(cursor.take(at(1, 3), 1000)).toEqual(at(1, 3));
    expect(cursor.pending(1000)).toEqual([2]);
    expect(cursor.take(at(2, 4), 2000)).toEqual(at(2, 4));
    expect(cursor.pending(2000)).toEqual([]);
    expect(cursor.take(at(2), 3000)).toEqual([]);
  });

  it('gives a missing position up after a minute (the insert was rolled back)', () => {
    const cursor = new StreamCursor(0);
    cursor.take(at(2), 0);
    expect(cursor.pending(30_000)).toEqual([1]);
    expect(cursor.pending(61_000)).toEqual([]);
  });

  it('does not wait for the positions of a wide jump', () => {
    const cursor = new StreamCursor(0);
    expect(cursor.take(at(50_000))).toEqual(at(50_000));
    expect(cursor.pending()).toEqual([]);
  });
});
