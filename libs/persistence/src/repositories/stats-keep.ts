/**
 * What the stats reader (StatsRepository) keeps between queries: totals and facts of office days
 * three or more days back, per dimension and day. It lives beside the repository because its
 * correctness is the query's (docs/read-models.md "Measures", "Kept between queries"):
 *
 * - Each entry is read in the same statement as `measure_history.version`, and each change of
 *   the totals of such a day moves that version and logs, in the same transaction, which
 *   dimension it changed from which day on (`measure_changes`; every day: a rebuild).
 * - Each query reads the version with the changes logged after the last version this keep has
 *   caught up with (`since`), and `catchUp` drops the entries of those dimensions on or after
 *   those days. So a transfer of a case from last week leaves the kept totals of last month's
 *   boundary in place, and a transfer moves the unit and center figures only.
 * - An entry read at a version older than the one caught up with is not kept: changes it may
 *   lack have already been applied. Versions come one at a time, each with at least one logged
 *   change; where the log lacks one (pruned, or a bump that logged nothing), everything goes.
 */

import type { MeasureDim } from '@app/domain/measures/totals';

/** How many (dimension, day, sign) totals a StatsRepository keeps: about 1 MB each for the grid dimension at 1 M cases. */
export const KEPT_DAYS = 24;

/** One logged change of the totals: from `fromDay` on (null: every day) for dimension `dim`. */
export interface MeasureChange {
  version: string;
  dim: MeasureDim;
  fromDay: string | null;
}

/** Values per (dimension, day), at most `limit` of them, least recently used out. */
export class DayKeep<T> {
  private readonly entries = new Map<string, { dim: MeasureDim; day: string; value: T }>();

  constructor(private readonly limit: number) {}

  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  set(id: string, dim: MeasureDim, day: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, { dim, day, value });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops the entries of `dim` on or after `fromDay` (null: every day). */
  drop(dim: MeasureDim, fromDay: string | null): void {
    for (const [id, entry] of this.entries) {
      if (entry.dim === dim && (fromDay === null || entry.day >= fromDay)) this.entries.delete(id);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The kept totals and facts, and the last history version whose logged changes they reflect. */
export class KeptMeasures<Totals, Facts> {
  readonly totals = new DayKeep<Totals>(KEPT_DAYS);
  readonly facts = new DayKeep<Facts>(KEPT_DAYS);
  private seen: bigint | null = null;

  /** The version to read the logged changes after (null: none yet; read none). */
  get since(): string | null {
    return this.seen === null ? null : String(this.seen);
  }

  /**
   * Applies a history read: the version now, and the changes logged after `since` (the value
   * `since` had when that read began) up to it, in any order.
   */
  catchUp(version: string, since: string | null, changes: MeasureChange[]): void {
    const now = BigInt(version);
    if (this.seen === null || since === null) {
      // The first read: nothing is kept yet that an earlier change could concern. A read begun
      // before the first one ended read no changes: if its version is newer, what changed is unknown.
      if (this.seen === null) this.seen = now;
      else if (now > this.seen) this.dropAll(now);
      return;
    }
    // Versions only grow: one below what the read began after means another database (restored
    // from a backup, say), whose totals the kept entries need not match.
    if (now < BigInt(since)) return this.dropAll(now);
    // A read that ended after a later one: what it says is already applied.
    if (now <= this.seen) return;
    const logged = new Set(changes.map((c) => BigInt(c.version)));
    for (let v = BigInt(since) + 1n; v <= now; v++) {
      if (!logged.has(v)) return this.dropAll(now);
    }
    for (const change of changes) {
      this.totals.drop(change.dim, change.fromDay);
      this.facts.drop(change.dim, change.fromDay);
    }
    this.seen = now;
  }

  /** Whether an entry read at `version` may be kept: not older than what has been caught up with. */
  mayKeep(version: string): boolean {
    return this.seen !== null && BigInt(version) >= this.seen;
  }

  private dropAll(now: bigint): void {
    this.totals.clear();
    this.facts.clear();
    this.seen = now;
  }
}
