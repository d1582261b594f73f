/**
 * The SLA ladder of DOMAIN.md as a row shows it: normal, warning once 80 % of the stage's time
 * has passed (when the engine raises its 预警), overdue past the deadline. The engine counts the
 * 80 % in working time; here it is counted in calendar time between the stage's start and its
 * deadline, which colours a row at most a few hours early or late across a weekend. The engine's
 * own overdue flag wins. Pure: the countdown's words come from the locales file.
 */
export type SlaLevel = 'normal' | 'warning' | 'overdue' | 'none';

export const WARNING_AT = 0.8;

export interface SlaClock {
  stageEnteredAt?: string | null;
  stageDeadline?: string | null;
  overdue?: boolean;
  status?: string;
}

export interface SlaReading {
  level: SlaLevel;
  /** Whole days and hours left (normal, warning) or past the deadline (overdue); minutes when under an hour. */
  days: number;
  hours: number;
  minutes: number;
}

const HOUR = 3600_000;
const MINUTE = 60_000;

export function readSla(clock: SlaClock, now: number): SlaReading {
  const deadline = clock.stageDeadline ? Date.parse(clock.stageDeadline) : NaN;
  if (Number.isNaN(deadline) || clock.status === 'CLOSED') return { level: 'none', days: 0, hours: 0, minutes: 0 };
  const overdue = clock.overdue === true || now >= deadline;
  const span = Math.abs(deadline - now);
  const days = Math.floor(span / (24 * HOUR));
  const hours = Math.floor((span % (24 * HOUR)) / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  if (overdue) return { level: 'overdue', days, hours, minutes };
  const start = clock.stageEnteredAt ? Date.parse(clock.stageEnteredAt) : NaN;
  const warning = !Number.isNaN(start) && deadline > start && now - start >= WARNING_AT * (deadline - start);
  return { level: warning ? 'warning' : 'normal', days, hours, minutes };
}
