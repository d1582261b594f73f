import { expect, test } from './support/fixtures';
import { registerDrillCase } from './support/drill';

/**
 * The browser tests' own set-up helpers against the real stack, without a page: the API
 * helpers register and route a case, and a drill case's alert falls due within seconds and
 * reaches supervisor1 (what the live-alert scenario waits for on the supervisor's desk).
 */

test('the API helpers register a case at the counter and route it into a pool', async ({ api }) => {
  const routed = await api.caseInPool();
  expect(routed).toMatchObject({ stage: 'ROUTING', centerCode: expect.any(String), unitId: expect.any(String) });
  const mediator = await api.as('mediator1');
  expect(mediator.session?.user.roles).toContain('MEDIATOR');
});

test('a drill case: its warning and level-1 alert fall due within seconds and reach supervisor1', async ({ api }) => {
  const started = Date.now();
  const drill = await registerDrillCase(api, { stages: { ROUTING: 'PT6S' } });
  expect(drill.case).toMatchObject({ stage: 'ROUTING', centerCode: 'TJ' });
  const deadline = Date.parse(drill.case.stageDeadline!);
  expect(deadline - started).toBeLessThan(10_000);

  const supervisor = await api.as('supervisor1');
  await expect
    .poll(
      async () => {
        const alerts = await supervisor.get<{ items: { caseId: string; kind: string; level: number }[] }>(
          '/api/alerts?acknowledged=false&limit=200',
        );
        return alerts.items
          .filter((a) => a.caseId === drill.case.id)
          .map((a) => `${a.kind}:${a.level}`)
          .sort();
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toEqual(expect.arrayContaining(['ESCALATION:1', 'WARNING:0']));
  console.log(
    `[drill] warning and level 1 seen by supervisor1 ${Date.now() - started} ms after registration (deadline ${deadline - started} ms)`,
  );
});
