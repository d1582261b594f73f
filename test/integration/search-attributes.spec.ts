import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { randomUUID } from 'crypto';
import { CASE_SEARCH_ATTRIBUTES } from '@app/contracts/search-attributes';
import { ensureSearchAttributes } from '../../apps/worker/src/search-attributes';
import { testConfig } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('search attributes on a server that lacks them (real Temporal)', () => {
  const config = testConfig();

  it('registers the case attributes once, and finds them there the next time', async () => {
    const namespace = `sa-${randomUUID().slice(0, 8)}`;
    const connection = await Connection.connect({ address: config.temporalAddress! });
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
      await waitFor('the new namespace', async () =>
        connection.workflowService.describeNamespace({ namespace }).then(
          () => true,
          () => undefined,
        ),
      );
      expect(await ensureSearchAttributes(config.temporalAddress!, namespace)).toEqual(
        CASE_SEARCH_ATTRIBUTES.map((k) => k.name),
      );
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      for (const key of CASE_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes ?? {})).toContain(key.name);
      expect(await ensureSearchAttributes(config.temporalAddress!, namespace)).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('finds them already registered on the dev server the stack starts', async () => {
    expect(await ensureSearchAttributes(config.temporalAddress!, config.temporalNamespace)).toEqual([]);
  });
});
