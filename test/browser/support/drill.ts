import { randomUUID } from 'crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import type { Actor, DisputeReport, DisputeWorkflowInput } from '@app/contracts';
import type { ChainStage } from '@app/domain/enums';
import type { SlaPolicy } from '@app/domain/sla/sla-policy';
import { drillPolicy } from '../../support/drill-policy';
import type { ApiCase, StackApi } from './api';
import { stackAddresses, type StackAddresses } from './browser-stack';
import { built } from './built';

/**
 * Cases under a drill SLA policy, whose alerts fall due within seconds (the "live alert"
 * scenario). The gateway registers every case under the office's policy; a drill case is
 * registered the way the gateway does it (the dispute workflow started with its registration
 * update) but naming a policy of its own, stored under a fresh name as the workflow tests do
 * (SlaSettingsRepository.savePolicy), so no other case's deadlines change. It is then routed
 * through the API like any case, and from there on it is an ordinary case on the desks.
 */

/** Stores `policy` under a fresh name; the cases registered with that name read their deadlines from it. */
export async function saveDrillPolicy(policy: SlaPolicy, stack: StackAddresses = stackAddresses()): Promise<string> {
  const { createDataSource } = built.persistence();
  const { SlaSettingsRepository } = built.slaSettings();
  const name = `browser-drill-${randomUUID()}`;
  const dataSource = createDataSource(stack.databaseUrl, 1);
  await dataSource.initialize();
  try {
    await new SlaSettingsRepository(dataSource).savePolicy(name, policy, 'browser-test');
  } finally {
    await dataSource.destroy();
  }
  return name;
}

function clerkActor(): Actor {
  const account = built.territory().DEMO_ACCOUNTS.find((a) => a.username === 'clerk1')!;
  return {
    userId: account.id,
    role: 'CLERK',
    unitIds: account.unitIds,
    centerCode: account.centerCode,
    supervisorLevel: account.supervisorLevel,
  };
}

export interface DrillCaseOptions {
  /**
   * ISO durations of the stages that run short (calendar time), every other stage an hour;
   * levels 2 and 3 follow level 1 by 1 s and 2 s. Default: ROUTING `PT10S` (warning at 8 s
   * after routing, level 1 at 10 s).
   */
  stages?: Partial<Record<ChainStage, string>>;
  /** A whole policy instead of `stages`. */
  policy?: SlaPolicy;
  report?: Partial<DisputeReport>;
  /**
   * Routed through the API as clerk1 (default: to 新村社区人民调解委员会, center TJ, whose alerts
   * supervisor1 sees): the ROUTING stage, and its drill clock, start then. `false` leaves the
   * case in ACCEPTANCE (its clock runs from registration).
   */
  route?: false | { centerCode: string; unitId: string; severity?: 'NORMAL' | 'MAJOR' };
}

export interface DrillCase {
  policyName: string;
  /** The case as the API answers after the last step (routing, or GET after registration). */
  case: ApiCase;
}

/** Registers (accepted at once) a case under a drill policy and, by default, routes it. */
export async function registerDrillCase(
  api: StackApi,
  options: DrillCaseOptions = {},
  stack: StackAddresses = stackAddresses(),
): Promise<DrillCase> {
  const { awaitRegistrationUpdate, disputeWorkflowId, DISPUTE_WORKFLOW_TYPE } = built.contracts();
  const { DEMO_UNIT_IDS } = built.territory();
  const policyName = await saveDrillPolicy(
    options.policy ?? drillPolicy(options.stages ?? { ROUTING: 'PT10S' }),
    stack,
  );
  const caseId = randomUUID();
  const unique = caseId.slice(0, 8);
  const input: DisputeWorkflowInput = {
    caseId,
    report: {
      channel: 'WALK_IN',
      category: 'NEIGHBOR',
      summary: `噪音扰民（督办演练 ${unique}）`,
      description: '夜间装修噪音，多次沟通无果',
      gridCode: 'JF-C01-G02',
      address: '新村社区 3 幢',
      urgent: false,
      parties: [
        { role: 'APPLICANT', name: '李四', phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
      ],
      ...options.report,
    },
    reportedBy: clerkActor(),
    acceptNow: true,
    reportedAt: new Date().toISOString(),
    severity: 'NORMAL',
    slaPolicyName: policyName,
  };
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: 'default' });
    await client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(DISPUTE_WORKFLOW_TYPE, {
        workflowId: disputeWorkflowId(caseId),
        taskQueue: stack.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
  } finally {
    await connection.close();
  }
  if (options.route === false) return { policyName, case: await api.getCase(caseId) };
  const to = options.route ?? {
    centerCode: 'TJ',
    unitId: DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
    severity: 'NORMAL' as const,
  };
  return { policyName, case: await api.routeCase(caseId, to) };
}
