import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

/**
 * What the supervisor desk and the statistics page read beyond API.md (docs/api-additions.md):
 * the case list by community, the filter behind a bar of the measures grouped by community, and
 * the measures' answer described field by field in the OpenAPI document.
 */
describe('the supervisor desk and the statistics page over HTTP (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let anonymous: GatewayClient;
  let clerk: GatewayClient;
  let supervisor: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    clerk = await anonymous.login('clerk1');
    supervisor = await anonymous.login('supervisor2');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it('lists the cases of one community (communityCode), as the measures group them', async () => {
    const xincun = await clerk.post('/api/disputes', sampleReport({ gridCode: 'JF-C01-G01' }));
    const xiaotang = await clerk.post(
      '/api/disputes',
      sampleReport({ gridCode: 'JF-C02-G01', address: '晓塘社区 1 幢' }),
    );
    expect([xincun.status, xiaotang.status]).toEqual([201, 201]);

    const ids = async (query: string) =>
      ((await supervisor.get(`/api/disputes?${query}&limit=200`)).body.items as { id: string }[]).map((c) => c.id);
    expect(await ids('communityCode=JF-C01')).toContain(xincun.body.id);
    expect(await ids('communityCode=JF-C01')).not.toContain(xiaotang.body.id);
    expect(await ids('communityCode=JF-C02&stage=DISCOVERY')).toContain(xiaotang.body.id);
    expect(await ids('communityCode=JF-C99')).toEqual([]);
    expect(await supervisor.get(`/api/disputes?communityCode=${'X'.repeat(40)}`)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });

    // The measures by community count the case where the list by community finds it.
    const stats = await supervisor.get('/api/stats?groupBy=community');
    const c02 = (stats.body.groups as { group: string; openByStage: Record<string, number> }[]).find(
      (g) => g.group === 'JF-C02',
    );
    expect(c02?.openByStage.DISCOVERY).toBeGreaterThanOrEqual(1);
  });

  it('describes the measures of GET /api/stats field by field in the OpenAPI document', async () => {
    const stats = await supervisor.get('/api/stats?groupBy=center');
    expect(stats.status).toBe(200);
    for (const group of stats.body.groups) {
      expect(Object.keys(group).sort()).toEqual(
        [
          'escalationsByLevel',
          'group',
          'openByStage',
          'overdueByStage',
          'reopen',
          'resolution',
          'satisfaction',
          'timePerStage',
          'timelyAcceptance',
          'upALevel',
          'assistance',
        ].sort(),
      );
      expect(Object.keys(group.resolution).sort()).toEqual(['count', 'rate', 'total']);
      expect(Object.keys(group.assistance).sort()).toEqual(['answered', 'answeredOnTime', 'byUnit', 'requested']);
    }

    const schemas = (await anonymous.get('/docs-json')).body.components.schemas;
    expect(schemas.StatsDto.properties.groups).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/GroupMeasuresDto' },
      description: expect.any(String),
    });
    expect(Object.keys(schemas.GroupMeasuresDto.properties).sort()).toEqual(
      [
        'escalationsByLevel',
        'group',
        'openByStage',
        'overdueByStage',
        'reopen',
        'resolution',
        'satisfaction',
        'timePerStage',
        'timelyAcceptance',
        'upALevel',
        'assistance',
      ].sort(),
    );
    expect(schemas.AssistanceMeasuresDto.properties.byUnit.additionalProperties).toEqual({
      $ref: '#/components/schemas/AssistanceFiguresDto',
    });
    expect(schemas.GroupMeasuresDto.properties.timePerStage.additionalProperties).toEqual({
      $ref: '#/components/schemas/StageTimeDto',
    });
    expect(Object.keys(schemas.RateDto.properties).sort()).toEqual(['count', 'rate', 'total']);
  });
});
