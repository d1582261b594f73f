/**
 * What the stats reader (StatsRepository) keeps between queries: totals and facts of office days
 * three or more days back, each under the `measure_history.version` it was read with in the same
 * statement. It lives beside the repository because its correctness is the query's: an entry is
 * good exactly while that version stays the one its rows were read at (docs/read-models.md
 * "Measures", "Kept between queries").
 */

/** How many (dimension, day, sign) totals a StatsRepository keeps: about 1 MB each for the grid dimension at 1 M cases. */
export const KEPT_DAYS = 24;

/** Values kept under the version they were read at, at most `limit` of them, least recently used out. */
export class VersionedKeep<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly limit: number) {}

  /** The value kept for `id` if it was read at `version`. */
  get(id: string, version: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  set(id: string, version: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, { version, value });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}
