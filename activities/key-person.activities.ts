import type { KeyPersonActivities, KeyPersonAlertInput, VisitPlan } from '@app/contracts';
import { visitAlertSeq, visitPoints } from '@app/domain/key-persons/visit-ladder';
import type { KeyPersonRepository } from '@app/persistence/repositories/key-person.repository';

/** The key-person watch's side effects: reading the register, storing the alerts of missed visits. */
export function keyPersonActivities(repository: KeyPersonRepository): KeyPersonActivities {
  return {
    async planKeyPersonVisits(keyPersonId: string): Promise<VisitPlan | null> {
      const source = await repository.planSource(keyPersonId);
      if (!source) return null;
      const { dueAt, points } = visitPoints(source.since, source.rule);
      return { active: source.active, round: source.round, centerCode: source.centerCode, dueAt, points };
    },

    async raiseKeyPersonAlert(input: KeyPersonAlertInput): Promise<void> {
      await repository.raiseAlert({
        keyPersonId: input.keyPersonId,
        seq: visitAlertSeq(input.round, input.point.level),
        kind: input.point.kind,
        level: input.point.level,
        centerCode: input.centerCode,
        deadline: input.dueAt,
        raisedAt: input.raisedAt,
      });
    },
  };
}
