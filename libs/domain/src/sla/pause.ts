import type { WorkingCalendar } from '../calendar/working-calendar';
import type { TimeBasis } from './sla-policy';

/**
 * Where a point on a stage's clock lies after a suspension (DOMAIN.md: the clock stops; on
 * resume every point moves by the working time that the pause covered, so the working time left
 * is what it was). A pause over a weekend or a holiday thus costs no working day and cannot put
 * a deadline on a day off. A calendar-time clock (TRACKING, EVALUATION run every day) moves by
 * the pause's wall-clock time. Pure.
 */
export function pointAfterPause(
  point: Date,
  pause: { from: Date; to: Date },
  timeBasis: TimeBasis,
  calendar: WorkingCalendar,
): Date {
  if (timeBasis === 'CALENDAR') return new Date(point.getTime() + (pause.to.getTime() - pause.from.getTime()));
  return calendar.addWorkingDuration(point, calendar.workingTimeBetween(pause.from, pause.to));
}
