import { submitEvaluationUpdate } from '@app/contracts';
import type { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import type { ReceiptMissRepository } from '@app/persistence/repositories/receipt-miss.repository';
import { asWorkflow, CASE_ID, caseRow, caseState, mockWorkflow, refusal } from '../disputes/dispute.spec-fixtures';
import { MISSES_ALLOWED, MISS_WINDOW_SECONDS, PublicCaseService } from './public-case.service';

const ADDRESS = '203.0.113.7';

function setUp(misses = 0) {
  const row = caseRow({ receiptCode: 'ABCD2345' });
  const cases = { findByReceiptCode: jest.fn(async (code: string) => (code === 'ABCD2345' ? row : null)) };
  const workflow = mockWorkflow();
  const receiptMisses = { recentMisses: jest.fn().mockResolvedValue(misses), recordMiss: jest.fn() };
  const service = new PublicCaseService(
    cases as unknown as CaseReadRepository,
    asWorkflow(workflow),
    receiptMisses as unknown as ReceiptMissRepository,
  );
  return { service, cases, workflow, receiptMisses };
}

describe('PublicCaseService: look-ups by receipt code', () => {
  it("a right code: stage and status, the workflow's over the read model, nothing personal", async () => {
    const { service, workflow, receiptMisses } = setUp();
    workflow.state.mockResolvedValueOnce(
      caseState({ stage: 'EVALUATION', status: 'OPEN', updatedAt: '2026-11-30T05:00:00.000Z' }),
    );
    expect(await service.status(ADDRESS, 'ABCD2345')).toEqual({
      caseNo: 'JF-2026-000001',
      stage: 'EVALUATION',
      status: 'OPEN',
      updatedAt: '2026-11-30T05:00:00.000Z',
    });
    expect(workflow.state).toHaveBeenCalledWith(CASE_ID);
    expect(receiptMisses.recentMisses).toHaveBeenCalledWith(ADDRESS, MISS_WINDOW_SECONDS);
    expect(receiptMisses.recordMiss).not.toHaveBeenCalled();
  });

  it('Temporal silent: the read model answers', async () => {
    const { service } = setUp();
    expect(await service.status(ADDRESS, 'ABCD2345')).toEqual({
      caseNo: 'JF-2026-000001',
      stage: 'HANDLING',
      status: 'OPEN',
      updatedAt: '2026-11-30T01:00:00.000Z',
    });
  });

  it('a code typed in lower case and with spaces is normalised before the look-up', async () => {
    const { service, cases } = setUp();
    await service.status(ADDRESS, ' abcd2345 ');
    expect(cases.findByReceiptCode).toHaveBeenCalledWith('ABCD2345');
  });

  it('a wrong code is 404 and counted against the address', async () => {
    const { service, receiptMisses } = setUp();
    expect(await refusal(service.status(ADDRESS, 'WXYZ6789'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(receiptMisses.recordMiss).toHaveBeenCalledWith(ADDRESS);
  });

  it(`after ${MISSES_ALLOWED} misses the address is refused (429) without looking the code up`, async () => {
    const { service, cases, workflow } = setUp(MISSES_ALLOWED);
    expect(await refusal(service.status(ADDRESS, 'ABCD2345'))).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
    });
    expect(await refusal(service.evaluate(ADDRESS, 'ABCD2345', { score: 5 } as never))).toMatchObject({ status: 429 });
    expect(cases.findByReceiptCode).not.toHaveBeenCalled();
    expect(workflow.slaSettingsFor).not.toHaveBeenCalled();
    expect(workflow.update).not.toHaveBeenCalled();
  });

  it("an evaluation's SLA settings are read while the code is looked up (issue 16)", async () => {
    const { service, cases, workflow } = setUp();
    let found!: (row: unknown) => void;
    cases.findByReceiptCode.mockReturnValueOnce(new Promise((resolve) => (found = resolve)) as never);
    const evaluating = service.evaluate(ADDRESS, 'ABCD2345', { score: 5 } as never);
    await new Promise((resolve) => setImmediate(resolve));
    expect(cases.findByReceiptCode).toHaveBeenCalledTimes(1);
    expect(workflow.slaSettingsFor).toHaveBeenCalledWith(submitEvaluationUpdate.name);
    expect(workflow.update).not.toHaveBeenCalled();
    found(caseRow({ receiptCode: 'ABCD2345' }));
    workflow.update.mockResolvedValueOnce(caseState({ stage: 'CLOSED' }));
    expect((await evaluating).stage).toBe('CLOSED');
  });

  it("an evaluation goes to the workflow as the party, and answers with the workflow's state", async () => {
    const { service, workflow } = setUp();
    workflow.update.mockResolvedValueOnce(
      caseState({ stage: 'CLOSED', status: 'OPEN', updatedAt: '2026-11-30T06:00:00.000Z' }),
    );
    const answer = await service.evaluate(ADDRESS, 'ABCD2345', { score: 5, comment: '满意' } as never);
    expect(workflow.update).toHaveBeenCalledWith(
      CASE_ID,
      submitEvaluationUpdate,
      { score: 5, comment: '满意', actor: { userId: 'party', role: 'PARTY', unitIds: [] } },
      workflow.slaSettingsFor.mock.results[0].value,
    );
    expect(answer).toEqual({
      caseNo: 'JF-2026-000001',
      stage: 'CLOSED',
      status: 'OPEN',
      updatedAt: '2026-11-30T06:00:00.000Z',
    });
  });
});
