import type { UpdateDefinition } from '@temporalio/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'crypto';
import {
  awaitRegistrationUpdate,
  DEFAULT_SLA_POLICY_NAME,
  disputeWorkflowId,
  UPDATES_WITH_SLA_SETTINGS,
  type Actor,
  type CaseState,
  type DisputeReport,
  type DisputeWorkflowInput,
} from '@app/contracts';
import type { Severity, SlaClass } from '@app/domain/enums';
import type { SlaPolicy } from '@app/domain/sla/sla-policy';
import { DEMO_ACCOUNTS, DEMO_UNIT_IDS } from '@app/domain/territory';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import type { WorkerHarness } from './test-stack';

function demoActor(username: string, role: Actor['role']): Actor {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
  return {
    userId: account.id,
    role,
    unitIds: account.unitIds,
    centerCode: account.centerCode,
    supervisorLevel: account.supervisorLevel,
  };
}

/** The demo accounts as the workflow sees them. */
export const actors = {
  clerk: demoActor('clerk1', 'CLERK'),
  grid: demoActor('grid1', 'GRID_WORKER'),
  mediator1: demoActor('mediator1', 'MEDIATOR'),
  mediator2: demoActor('mediator2', 'MEDIATOR'),
  mediator3: demoActor('mediator3', 'MEDIATOR'),
  supervisor1: demoActor('supervisor1', 'SUPERVISOR'),
  supervisor2: demoActor('supervisor2', 'SUPERVISOR'),
  party: { userId: 'party', role: 'PARTY', unitIds: [] } as Actor,
};

/** The 新村社区 mediation committee: mediator1 and mediator2's pool, not mediator3's. */
export const XINCUN_COMMITTEE = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

export const sampleDisputeReport = (overrides: Partial<DisputeReport> = {}): DisputeReport => ({
  channel: 'WALK_IN',
  category: 'NEIGHBOR',
  summary: '楼上漏水（测试）',
  description: '卫生间漏水，协商未果',
  gridCode: 'JF-C01-G03',
  address: '新村社区 7 幢',
  urgent: false,
  parties: [
    { role: 'APPLICANT', name: '测试甲', phone: '13800000011' },
    { role: 'RESPONDENT', name: '测试乙' },
  ],
  ...overrides,
});

export interface RegisterOptions {
  acceptNow?: boolean;
  reportedBy?: Actor;
  slaPolicyName?: string;
  severity?: Severity;
  slaClass?: SlaClass;
  report?: Partial<DisputeReport>;
}

/**
 * Drives dispute workflows on the real server the way the gateway does: the intake and every
 * update of UPDATES_WITH_SLA_SETTINGS carry the SLA settings in force, here of the case's policy.
 */
export class CaseDriver {
  /** The policy of each case registered here, when not the default. */
  private readonly policies = new Map<string, string>();

  constructor(
    private readonly harness: WorkerHarness,
    private readonly taskQueue: string,
  ) {}

  private settingsOf(policyName: string | undefined) {
    return new SlaSettingsRepository(this.harness.dataSource).given(policyName ?? DEFAULT_SLA_POLICY_NAME, new Date());
  }

  async register(options: RegisterOptions = {}): Promise<CaseState> {
    const caseId = randomUUID();
    if (options.slaPolicyName) this.policies.set(caseId, options.slaPolicyName);
    const input: DisputeWorkflowInput = {
      caseId,
      report: sampleDisputeReport(options.report),
      reportedBy: options.reportedBy ?? actors.clerk,
      acceptNow: options.acceptNow ?? true,
      reportedAt: new Date().toISOString(),
      severity: options.severity,
      slaClass: options.slaClass,
      slaPolicyName: options.slaPolicyName,
      slaSettings: await this.settingsOf(options.slaPolicyName),
    };
    return this.harness.client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('disputeWorkflow', {
        workflowId: disputeWorkflowId(input.caseId),
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
  }

  handle(caseId: string) {
    return this.harness.client.workflow.getHandle(disputeWorkflowId(caseId));
  }

  async act<I>(caseId: string, update: UpdateDefinition<CaseState, [I]>, input: I): Promise<CaseState> {
    const slaSettings = UPDATES_WITH_SLA_SETTINGS.has(update.name)
      ? await this.settingsOf(this.policies.get(caseId))
      : undefined;
    return this.handle(caseId).executeUpdate(update, { args: [{ ...input, ...(slaSettings && { slaSettings }) }] });
  }

  async events(caseId: string): Promise<{ seq: number; type: string; at: Date; payload: Record<string, any> }[]> {
    return this.harness.dataSource.query(
      'SELECT seq, type, occurred_at AS at, payload FROM case_events WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
  }

  async eventTypes(caseId: string): Promise<string[]> {
    return (await this.events(caseId)).map((e) => e.type);
  }

  async row(caseId: string): Promise<Record<string, any>> {
    const [row] = await this.harness.dataSource.query('SELECT * FROM cases WHERE id = $1', [caseId]);
    return row;
  }

  /** Stores a policy under a fresh name, for the cases of one test. */
  async policy(policy: SlaPolicy): Promise<string> {
    const name = `test-${randomUUID()}`;
    await new SlaSettingsRepository(this.harness.dataSource).savePolicy(name, policy, 'test');
    return name;
  }
}
