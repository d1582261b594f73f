import type { OpenAPIObject } from '@nestjs/swagger';
import { isRfc3339Date, isRfc3339DateTime } from '../common/date-validators';
import { routeMethods } from '../common/route-methods';
import { openApiDocumentOffline } from './openapi-document';

type Operation = {
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  security?: unknown[];
  requestBody?: { required?: boolean };
};

describe('the OpenAPI document, completed from what the gateway enforces', () => {
  let document: OpenAPIObject;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
        label: `${method.toUpperCase()} ${path}`,
        method,
        operation,
      })),
    );
  const schema = (name: string) => document.components!.schemas![name] as Record<string, any>;

  beforeAll(async () => {
    document = await openApiDocumentOffline();
  });

  it('declares 401 on every operation that needs a token, and gives every error the error body', () => {
    for (const { label, operation } of operations()) {
      if (operation.security?.length)
        expect({ label, has401: '401' in operation.responses }).toEqual({ label, has401: true });
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ label, status, schema: response.content?.['application/json']?.schema }).toEqual({
          label,
          status,
          // /health's and /health/ready's 503 are their own answers, saying which dependency is down.
          schema: expect.objectContaining({
            $ref: expect.stringMatching(
              label === 'GET /health'
                ? /HealthDto$/
                : label === 'GET /health/ready'
                  ? /ProbeDto$/
                  : /ApiErrorBodyDto$|ClaimConflictDto$/,
            ),
          }),
        });
      }
    }
  });

  it('states the validation: types, bounds, lengths, formats, required fields, no unknown fields', () => {
    const create = schema('CreateDisputeDto');
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.summary).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(create.properties.occurredAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(create.properties.parties).toMatchObject({ minItems: 1, maxItems: 50 });
    expect(create.required).toEqual(expect.arrayContaining(['channel', 'category', 'summary', 'parties']));
    expect(create.required).not.toContain('occurredAt');
    expect(schema('ExtensionRequestDto').properties.days).toMatchObject({ type: 'integer', minimum: 1, maximum: 15 });
    expect(schema('NoBodyDto')).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    const list = (document.paths['/api/disputes'] as Record<string, Operation>).get;
    expect(list.parameters!.find((p) => p.name === 'limit')!.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 200,
    });
    expect(list.responses).toHaveProperty('422');
    const accept = (document.paths['/api/disputes/{id}/accept'] as Record<string, Operation>).post;
    expect(accept.requestBody?.required).toBe(false);
    expect(accept.parameters!.map((p) => `${p.in} ${p.name}`)).toEqual(['path id', 'header Idempotency-Key']);
    expect(Object.keys(accept.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
      '503',
    ]);
    const login = (document.paths['/api/auth/login'] as Record<string, Operation>).post;
    expect(login.parameters ?? []).toEqual([]);
    expect(login.security).toBeUndefined();
  });

  it('declares 503 TEMPORAL_UNAVAILABLE with Retry-After on the routes that need Temporal, and only there', () => {
    type WithHeaders = {
      responses: Record<string, { description?: string; headers?: Record<string, { schema: unknown }> }>;
    };
    const op = (path: string, method: string) => (document.paths[path] as Record<string, WithHeaders>)[method];
    const needTemporal = [
      op('/api/disputes', 'post'),
      op('/api/disputes/{id}/accept', 'post'),
      op('/api/disputes/{id}/route', 'post'),
      op('/api/tasks/{caseId}/claim', 'post'),
      op('/api/public/cases/{receiptCode}/evaluation', 'post'),
    ];
    for (const operation of needTemporal) {
      expect(operation.responses['503'].description).toMatch(/^TEMPORAL_UNAVAILABLE/);
      expect(operation.responses['503'].headers?.['Retry-After'].schema).toEqual({ type: 'integer', minimum: 1 });
    }
    expect(schema('ApiErrorBodyDto').properties.code.enum).toContain('TEMPORAL_UNAVAILABLE');
    // Reads are served from the read models: they never answer it.
    for (const path of [
      '/api/disputes',
      '/api/disputes/{id}',
      '/api/disputes/{id}/timeline',
      '/api/tasks',
      '/api/public/cases/{receiptCode}',
    ]) {
      expect({ path, has503: '503' in op(path, 'get').responses }).toEqual({ path, has503: false });
    }
  });

  it("knows every path's methods for 405 and Allow, matching as Express does", () => {
    const methods = routeMethods(document);
    expect(methods('/api/disputes')).toEqual(['GET', 'POST', 'HEAD', 'OPTIONS']);
    expect(methods('/API/Disputes/')).toEqual(['GET', 'POST', 'HEAD', 'OPTIONS']);
    expect(methods('/api/disputes/6f1c2d3e-0000-4000-8000-000000000001/accept')).toEqual(['POST', 'OPTIONS']);
    expect(methods('/api/disputes/a/b/accept')).toBeUndefined();
    expect(methods('/api/nothing')).toBeUndefined();
  });
});

describe('RFC 3339 dates and times', () => {
  it.each(['2026-11-28T10:00:00+08:00', '2026-11-28T02:00:00Z', '2026-11-28t02:00:00.123456z', '2016-12-31T23:59:60Z'])(
    'takes %s',
    (value) => {
      expect(isRfc3339DateTime(value)).toBe(true);
    },
  );
  it.each([
    '2026-11-28T10:00:00',
    '2026-11-28',
    '2026',
    '2026-W48',
    '2026-02-30T10:00:00Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T10:00:00+24:00',
  ])('refuses %s', (value) => {
    expect(isRfc3339DateTime(value)).toBe(false);
  });
  it('takes dates that exist only', () => {
    expect(['2024-02-29', '2026-12-31'].map(isRfc3339Date)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-1', '2026-12-31T00:00:00Z'].map(isRfc3339Date)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
