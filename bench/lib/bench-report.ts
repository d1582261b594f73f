import type { Actor, DisputeWorkflowInput } from '@app/contracts';
import { DEMO_ACCOUNTS } from '@app/domain/territory';

/** The report every bench intake files (a fresh applicant's phone each time): the load generator's and the memory bench's. */
export function benchReport() {
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: '楼上漏水纠纷（压测）',
    description: '楼上住户卫生间漏水，多次协商未果。',
    gridCode: 'JF-C01-G01',
    address: '新村社区 5 幢 302 室',
    urgent: false,
    parties: [
      { role: 'APPLICANT', name: '压测甲', phone },
      { role: 'RESPONDENT', name: '压测乙' },
    ],
  };
}

const clerk = DEMO_ACCOUNTS.find((a) => a.username === 'clerk1')!;

/** clerk1 as the actor of a bare client's intake (the gateway would derive it from the token). */
export const benchClerkActor: Actor = {
  userId: clerk.id,
  role: 'CLERK',
  unitIds: clerk.unitIds,
  centerCode: clerk.centerCode,
  supervisorLevel: clerk.supervisorLevel,
};

/** A bare client's workflow input for one bench intake (acceptNow, as the counter does), with what the caller adds. */
export function benchIntakeInput(caseId: string, extra: Partial<DisputeWorkflowInput> = {}): DisputeWorkflowInput {
  return {
    caseId,
    report: benchReport() as DisputeWorkflowInput['report'],
    reportedBy: benchClerkActor,
    acceptNow: true,
    reportedAt: new Date().toISOString(),
    severity: 'NORMAL',
    ...extra,
  };
}
