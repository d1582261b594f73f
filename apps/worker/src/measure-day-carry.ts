import type { DataSource } from 'typeorm';
import { nextOfficeMidnightMs, officeDate } from '@app/domain/calendar/office-time';
import { carryMeasureTotals } from '@app/persistence/measures';

/** How long after office midnight the day's rows are carried: appends of the new day make their own. */
export const CARRY_AFTER_MIDNIGHT_MS = 60_000;

/** Milliseconds from `now` to the next carry: a minute after the next office midnight. Pure. */
export function msUntilNextCarry(now: number): number {
  return nextOfficeMidnightMs(now) + CARRY_AFTER_MIDNIGHT_MS - now;
}

/**
 * Once at start and then after each office midnight, gives every measure key a row on the new
 * day (carryMeasureTotals), so stats queries read their boundary days by index range. Only
 * speed depends on it; several workers may run it at once (the keys' locks and ON CONFLICT keep
 * one row). The timer does not keep the process alive.
 */
export class MeasureDayCarry {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  start(): void {
    this.running = this.carry();
  }

  /** Stops the timer and waits for a carry in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async carry(): Promise<void> {
    const day = officeDate(Date.now());
    try {
      const rows = await carryMeasureTotals(this.dataSource, day);
      this.log(`worker: measure totals carried to ${day} (${rows} rows)`);
    } catch (error) {
      this.log(`worker: carrying the measure totals to ${day} failed, stats stay correct but slower: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.carry();
    }, msUntilNextCarry(Date.now()));
    this.timer.unref();
  }
}
