import {
  claimTaskUpdate,
  DEFAULT_SLA_POLICY_NAME,
  disputeWorkflowId,
  recordHandlingUpdate,
  requestAssistanceUpdate,
  UPDATES_WITH_SLA_SETTINGS,
  type GivenSlaSettings,
} from '@app/contracts';
import type { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import type { TemporalClientProvider } from '../infrastructure/temporal.module';
import type { MetricsService } from '../observability/metrics.service';
import { DisputeWorkflowClient } from './dispute-workflow.client';

const CASE_ID = '5b0c7f39-34a5-4a51-9d53-2d5f4e0a6a01';
const actor = { userId: 'u1', role: 'MEDIATOR' as const, unitIds: [] };
const given: GivenSlaSettings = {
  policyName: DEFAULT_SLA_POLICY_NAME,
  years: [2026, 2027],
  settings: { policy: { rules: [] } as never, calendar: [] },
};

function setUp() {
  const executeUpdate = jest.fn().mockResolvedValue({ caseId: CASE_ID });
  const getHandle = jest.fn().mockReturnValue({ executeUpdate });
  const temporal = { call: (fn: (client: unknown) => Promise<unknown>) => fn({ workflow: { getHandle } }) };
  const metrics = { timeWorkflow: (_kind: string, _name: string, call: () => Promise<unknown>) => call() };
  const slaSettings = { given: jest.fn().mockResolvedValue(given) };
  const client = new DisputeWorkflowClient(
    temporal as unknown as TemporalClientProvider,
    metrics as unknown as MetricsService,
    slaSettings as unknown as SlaSettingsRepository,
  );
  const sent = () => executeUpdate.mock.calls[0][1].args[0] as Record<string, unknown>;
  return { client, executeUpdate, getHandle, slaSettings, sent };
}

describe('DisputeWorkflowClient.update: the SLA settings an update carries (issue 16)', () => {
  it('sends the settings in force now with an action that may start a clock (a claim)', async () => {
    const { client, getHandle, slaSettings, sent } = setUp();
    const before = Date.now();
    await client.update(CASE_ID, claimTaskUpdate, { actor });
    expect(getHandle).toHaveBeenCalledWith(disputeWorkflowId(CASE_ID));
    expect(slaSettings.given).toHaveBeenCalledTimes(1);
    const [policyName, at] = slaSettings.given.mock.calls[0] as [string, Date];
    expect(policyName).toBe(DEFAULT_SLA_POLICY_NAME);
    expect(at.getTime()).toBeGreaterThanOrEqual(before);
    expect(sent()).toEqual({ actor, slaSettings: given });
  });

  it("sends them with an assistance's request, whose deadline needs them", async () => {
    const { client, sent } = setUp();
    const input = { actor, unitId: 'u', centerCode: 'TJ', instruction: '请协助', workingDays: 2 };
    await client.update(CASE_ID, requestAssistanceUpdate, input);
    expect(sent()).toEqual({ ...input, slaSettings: given });
  });

  it('reads and sends none with an action that sets no deadline (a session record)', async () => {
    const { client, slaSettings, sent } = setUp();
    const input = { actor, note: '调解', sessionAt: '2026-12-01T10:00:00+08:00', participants: ['甲'] };
    expect(UPDATES_WITH_SLA_SETTINGS.has(recordHandlingUpdate.name)).toBe(false);
    await client.update(CASE_ID, recordHandlingUpdate, input);
    expect(slaSettings.given).not.toHaveBeenCalled();
    expect(sent()).toEqual(input);
  });

  it('sends the settings a caller read beforehand with slaSettingsFor, and reads them no second time', async () => {
    const { client, slaSettings, sent } = setUp();
    const settings = client.slaSettingsFor(claimTaskUpdate.name);
    expect(await client.slaSettingsFor(recordHandlingUpdate.name)).toBeUndefined();
    await client.update(CASE_ID, claimTaskUpdate, { actor }, settings);
    expect(slaSettings.given).toHaveBeenCalledTimes(1);
    expect(sent()).toEqual({ actor, slaSettings: given });
  });
});
