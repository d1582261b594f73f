/**
 * When the case entered each stage, from its timeline: the report opens DISCOVERY, and every
 * event whose payload names a stage other than the one the case was in moved it there. A stage
 * entered twice (a return from supervision, a reopening) shows its latest entry. Pure.
 */
export interface StageEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export function stageEntryDates(events: readonly StageEvent[]): Record<string, string> {
  const dates: Record<string, string> = {};
  let current: string | undefined;
  for (const event of events) {
    if (event.type === 'DisputeReported') {
      dates.DISCOVERY = event.at;
      current = 'DISCOVERY';
    }
    const stage = event.data.stage;
    if (typeof stage !== 'string' || stage === current) continue;
    dates[stage] = event.at;
    current = stage;
  }
  return dates;
}
