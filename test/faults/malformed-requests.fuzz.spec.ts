import * as fc from 'fast-check';
import type { INestApplication } from '@nestjs/common';
import { createHmac, randomUUID } from 'crypto';
import * as fs from 'fs';
import { DEMO_ACCOUNTS, DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { inPool } from '../support/chain-load';
import { makeTempDir, OwnPostgres } from '../support/fault-stack';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** Fixed so a failure reproduces; FC_SEED=<n> sends other requests. */
const SEED = Number(process.env.FC_SEED ?? 20261128);
const REQUESTS = 1000;
const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

type UserKey = 'anonymous' | 'clerk1' | 'mediator1' | 'supervisor1' | 'supervisor2' | 'admin';

/** Real cases in every stage (and the ids around them), so malformed requests reach past "not found" to the validation. */
interface Fixtures {
  discovery: string;
  acceptance: string;
  mergeTarget: string;
  routing: string;
  suspended: string;
  handling: string;
  withExtension: string;
  extensionId: string;
  tracking: string;
  supervision: string;
  feedback: string;
  evaluation: string;
  receiptCode: string;
  alertId: string;
  userId: string;
  routingRules: unknown;
  slaPolicy: { rules: unknown[] };
}
type Target = { [K in keyof Fixtures]: Fixtures[K] extends string ? K : never }[keyof Fixtures];

/** One route of API.md: a valid request to it, which the fuzz then breaks in one way or another. */
interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** `:id` is the target fixture; `:extId`, `:code`, `:year` the extension, receipt code and a calendar year. */
  path: string;
  as: UserKey;
  target?: Target;
  /** The valid body; absent: the route takes none (and must refuse one with fields, API.md: unknown fields → 400). */
  body?: (f: Fixtures) => Record<string, unknown>;
  required?: string[];
  /** Fields for which null is a valid value. */
  nullable?: string[];
  /** Known query parameters and values they must refuse. */
  query?: Record<string, string[]>;
}

const LIMIT = ['0', '-1', '201', 'abc', '1.5', '1e3', ''];
const CURSOR = ['garbage', '!!!', 'x'.repeat(501), 'eyJpZCI6MX0', '%00'];
const reason = () => ({ reason: '模糊测试' });

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/api/auth/login',
    as: 'anonymous',
    body: () => ({ username: 'clerk1', password: 'demo-pass-2026' }),
    required: ['username', 'password'],
  },
  {
    method: 'POST',
    path: '/api/disputes',
    as: 'clerk1',
    body: () => sampleReport({ acceptNow: true }),
    required: ['channel', 'category', 'summary', 'description', 'gridCode', 'address', 'parties'],
  },
  {
    method: 'GET',
    path: '/api/disputes',
    as: 'clerk1',
    query: {
      stage: ['NOPE', 'closed'],
      centerCode: ['XX'],
      unitId: ['not-a-uuid'],
      gridCode: ['x'.repeat(40)],
      category: ['FOOD'],
      overdue: ['maybe', '1'],
      q: ['', 'x'.repeat(101)],
      limit: LIMIT,
      cursor: CURSOR,
    },
  },
  {
    method: 'GET',
    path: '/api/disputes/duplicates',
    as: 'clerk1',
    query: { phone: ['abc'], idNumber: ['123'], address: ['x'.repeat(301)], category: ['FOOD'] },
  },
  { method: 'GET', path: '/api/disputes/:id', as: 'clerk1', target: 'routing' },
  { method: 'GET', path: '/api/disputes/:id/timeline', as: 'clerk1', target: 'routing' },
  { method: 'GET', path: '/api/disputes/:id/routing-suggestion', as: 'clerk1', target: 'acceptance' },
  { method: 'POST', path: '/api/disputes/:id/accept', as: 'clerk1', target: 'discovery' },
  {
    method: 'POST',
    path: '/api/disputes/:id/reject',
    as: 'clerk1',
    target: 'discovery',
    body: reason,
    required: ['reason'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/merge',
    as: 'clerk1',
    target: 'acceptance',
    body: (f) => ({ intoId: f.mergeTarget }),
    required: ['intoId'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/route',
    as: 'clerk1',
    target: 'acceptance',
    body: () => ({ centerCode: 'TJ', unitId: XINCUN, severity: 'NORMAL', slaClass: 'GENERAL' }),
    required: ['centerCode', 'unitId', 'severity'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/handling-records',
    as: 'mediator1',
    target: 'handling',
    body: () => ({ note: '调解', sessionAt: '2026-11-28T10:00:00+08:00', participants: ['测试甲'] }),
    required: ['note', 'sessionAt', 'participants'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/complete-handling',
    as: 'mediator1',
    target: 'handling',
    body: () => ({ outcome: 'AGREEMENT', summary: '达成协议', agreement: { terms: '维修', fulfilBy: '2026-12-31' } }),
    required: ['outcome', 'summary', 'agreement'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/follow-ups',
    as: 'mediator1',
    target: 'tracking',
    body: () => ({ fulfilled: true, note: '已履行' }),
    required: ['fulfilled', 'note'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/extensions',
    as: 'mediator1',
    target: 'handling',
    body: () => ({ days: 3, reason: '鉴定' }),
    required: ['days', 'reason'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/extensions/:extId/decision',
    as: 'supervisor1',
    target: 'withExtension',
    body: () => ({ approve: true, note: '同意' }),
    required: ['approve', 'note'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/supervision-orders',
    as: 'supervisor1',
    target: 'routing',
    body: () => ({ instruction: '限期办理', deadline: '2027-01-05T17:00:00+08:00' }),
    required: ['instruction', 'deadline'],
  },
  { method: 'POST', path: '/api/disputes/:id/supervision/approve', as: 'supervisor1', target: 'supervision' },
  {
    method: 'POST',
    path: '/api/disputes/:id/supervision/return',
    as: 'supervisor1',
    target: 'supervision',
    body: reason,
    required: ['reason'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/feedback',
    as: 'mediator1',
    target: 'feedback',
    body: () => ({ channel: 'PHONE', content: '已告知' }),
    required: ['channel', 'content'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/transfer',
    as: 'clerk1',
    target: 'routing',
    body: () => ({ centerCode: 'TJ', unitId: DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE, reason: '移交' }),
    required: ['centerCode', 'unitId', 'reason'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/suspend',
    as: 'supervisor1',
    target: 'routing',
    body: reason,
    required: ['reason'],
  },
  { method: 'POST', path: '/api/disputes/:id/resume', as: 'supervisor1', target: 'suspended' },
  {
    method: 'POST',
    path: '/api/disputes/:id/withdraw',
    as: 'clerk1',
    target: 'routing',
    body: reason,
    required: ['reason'],
  },
  {
    method: 'POST',
    path: '/api/disputes/:id/reassign',
    as: 'supervisor1',
    target: 'routing',
    body: () => ({ mediatorId: DEMO_ACCOUNTS.find((a) => a.username === 'mediator2')!.id }),
    required: ['mediatorId'],
  },
  {
    method: 'GET',
    path: '/api/tasks',
    as: 'mediator1',
    query: { scope: ['all', 'POOL', ''], limit: LIMIT, cursor: CURSOR },
  },
  { method: 'POST', path: '/api/tasks/:id/claim', as: 'mediator1', target: 'routing' },
  { method: 'POST', path: '/api/tasks/:id/release', as: 'mediator1', target: 'handling' },
  {
    method: 'GET',
    path: '/api/alerts',
    as: 'supervisor2',
    query: { acknowledged: ['maybe', '1'], limit: LIMIT, cursor: CURSOR },
  },
  { method: 'POST', path: '/api/alerts/:id/ack', as: 'supervisor2', target: 'alertId' },
  { method: 'GET', path: '/api/public/cases/:code', as: 'anonymous' },
  {
    method: 'POST',
    path: '/api/public/cases/:code/evaluation',
    as: 'anonymous',
    body: () => ({ rating: 'SATISFIED', comment: '好' }),
    required: ['rating'],
  },
  { method: 'GET', path: '/api/admin/users', as: 'admin', query: { limit: LIMIT, cursor: CURSOR } },
  {
    method: 'POST',
    path: '/api/admin/users',
    as: 'admin',
    body: () => ({
      username: `fuzz-${randomUUID().slice(0, 8)}`,
      displayName: '模糊',
      password: 'fuzz-pass-2026',
      roles: ['CLERK'],
    }),
    required: ['username', 'displayName', 'password', 'roles'],
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    as: 'admin',
    target: 'userId',
    body: () => ({ displayName: '模糊改名', active: true }),
    nullable: ['centerCode', 'supervisorLevel', 'gridCode'],
  },
  { method: 'GET', path: '/api/admin/routing-rules', as: 'admin' },
  {
    method: 'PUT',
    path: '/api/admin/routing-rules',
    as: 'admin',
    body: (f) => ({ rules: f.routingRules }),
    required: ['rules'],
  },
  { method: 'GET', path: '/api/admin/sla-policy', as: 'admin' },
  {
    method: 'PUT',
    path: '/api/admin/sla-policy',
    as: 'admin',
    body: (f) => ({ rules: f.slaPolicy.rules }),
    required: ['rules'],
  },
  { method: 'GET', path: '/api/admin/calendar/:year', as: 'admin' },
  {
    method: 'PUT',
    path: '/api/admin/calendar/:year',
    as: 'admin',
    body: () => ({ holidays: ['2026-10-01'], workdays: [] }),
    required: ['holidays', 'workdays'],
  },
  {
    method: 'GET',
    path: '/api/stats',
    as: 'supervisor2',
    query: { from: ['yesterday', '2026-13-01'], to: ['2026-01-01T25:00:00Z'], groupBy: ['galaxy', 'CENTER'] },
  },
  { method: 'GET', path: '/api/meta/territory', as: 'clerk1' },
];

const BAD_IDS = [
  '1',
  'abc',
  "' OR '1'='1",
  '00000000-0000-0000-0000-00000000000g',
  '%zz',
  '%00',
  '%E0%A4%A',
  'null',
  '-1',
  '😀',
  'x'.repeat(3000),
  '..%2F..%2Fetc%2Fpasswd',
];
const BAD_JSON = [
  '{',
  '{"a":}',
  "{'a':1}",
  'undefined',
  '{"a":1}}',
  '[1,2',
  'NaN',
  '{"a":1,}',
  '\u0000',
  '<xml/>',
  '{"a":1',
];
const NOT_OBJECTS = ['[]', '[{"reason":"x"}]', '5', '"text"', 'null', 'true'];
const UNKNOWN_KEYS = ['__proto__', 'constructor', 'actor', 'stage', 'caseId', 'isAdmin', 'seq', 'id', 'role', 'extra'];
const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer x.y.z',
  'Basic Y2xlcmsxOmRlbW8tcGFzcy0yMDI2',
  'bearer  ',
  'FORGED',
  'NONE',
  'TAMPERED',
];

/** What to break, as data: generated up-front from the seed, resolved against the fixtures when sent. */
type Defect =
  | { kind: 'unknown-field'; key: string; value: unknown }
  | { kind: 'missing'; field: string }
  | { kind: 'wrong-type'; field: string; value: unknown }
  | { kind: 'huge'; field: string; length: number }
  | { kind: 'not-object'; raw: string }
  | { kind: 'bad-json'; raw: string }
  | { kind: 'oversize' }
  | { kind: 'bad-id'; id: string }
  | { kind: 'unknown-id' }
  | { kind: 'wrong-method'; method: string }
  | { kind: 'bad-auth'; header: string }
  | { kind: 'bad-idempotency-key'; key: string }
  | { kind: 'bad-query'; pick: number; value: number }
  | { kind: 'unknown-query'; name: string };

interface Planned {
  route: number;
  defect: Defect;
}

const notJson = (raw: string) => {
  try {
    JSON.parse(raw);
    return false;
  } catch {
    return true;
  }
};
const anyJson = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
/** A value of another JSON type than `original`'s. */
const otherType = (original: unknown, nullAllowed: boolean): fc.Arbitrary<unknown> => {
  const kinds: fc.Arbitrary<unknown>[] = [];
  if (typeof original !== 'string') kinds.push(fc.string({ maxLength: 30 }), fc.constantFrom('true', '3', ''));
  if (typeof original !== 'number') kinds.push(fc.integer(), fc.double({ noNaN: true }));
  if (typeof original !== 'boolean') kinds.push(fc.boolean());
  if (!Array.isArray(original))
    kinds.push(fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }));
  if (typeof original !== 'object' || original === null || Array.isArray(original))
    kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  if (!nullAllowed) kinds.push(fc.constant(null));
  return fc.oneof(...kinds);
};

function defectsFor(route: RouteSpec, sampleBody: Record<string, unknown> | undefined): fc.Arbitrary<Defect>[] {
  const hasParam = /:(id|extId|code|year)/.test(route.path);
  const out: fc.Arbitrary<Defect>[] = [];
  const writes = route.method !== 'GET';
  if (writes) {
    out.push(
      fc.record({
        kind: fc.constant('unknown-field' as const),
        key: fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), fc.string({ minLength: 1, maxLength: 12 })),
        value: anyJson,
      }),
      fc.record({ kind: fc.constant('not-object' as const), raw: fc.constantFrom(...NOT_OBJECTS) }),
      fc.record({
        kind: fc.constant('bad-json' as const),
        raw: fc.oneof(
          fc.constantFrom(...BAD_JSON),
          fc
            .string({ minLength: 1, maxLength: 40 })
            .map((s) => `{${s}`)
            .filter(notJson),
        ),
      }),
      fc.constant({ kind: 'oversize' as const }),
    );
    if (route.method === 'POST')
      out.push(
        fc.record({
          kind: fc.constant('bad-idempotency-key' as const),
          key: fc.constantFrom('', 'k'.repeat(201), 'k'.repeat(5000)),
        }),
      );
  }
  // A method no route of this path has (GET /api/disputes exists beside POST /api/disputes).
  const taken = ROUTES.filter((r) => r.path === route.path).map((r) => r.method as string);
  const wrong = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !taken.includes(m));
  out.push(fc.record({ kind: fc.constant('wrong-method' as const), method: fc.constantFrom(...wrong) }));
  if (sampleBody) {
    const fields = Object.keys(sampleBody);
    const strings = fields.filter((k) => typeof sampleBody[k] === 'string');
    const required = route.required ?? [];
    if (required.length > 0)
      out.push(fc.record({ kind: fc.constant('missing' as const), field: fc.constantFrom(...required) }));
    out.push(
      fc.constantFrom(...fields).chain((field) =>
        // null is a valid "not given" for optional fields (IsOptional), and a value for the nullable ones.
        otherType(sampleBody[field], !required.includes(field) || (route.nullable ?? []).includes(field)).map(
          (value) => ({
            kind: 'wrong-type' as const,
            field,
            value,
          }),
        ),
      ),
    );
    if (strings.length > 0)
      out.push(
        fc.record({
          kind: fc.constant('huge' as const),
          field: fc.constantFrom(...strings),
          length: fc.constantFrom(6000, 60_000, 200_000),
        }),
      );
  }
  if (hasParam)
    out.push(
      fc.record({
        kind: fc.constant('bad-id' as const),
        id: fc.oneof(fc.constantFrom(...BAD_IDS), fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent)),
      }),
    );
  if (route.path.includes(':id') || route.path.includes(':code'))
    out.push(fc.constant({ kind: 'unknown-id' as const }));
  if (route.as !== 'anonymous')
    out.push(fc.record({ kind: fc.constant('bad-auth' as const), header: fc.constantFrom(...BAD_AUTH) }));
  if (route.query) {
    out.push(
      fc.record({ kind: fc.constant('bad-query' as const), pick: fc.nat(), value: fc.nat() }),
      fc.record({
        kind: fc.constant('unknown-query' as const),
        name: fc.constantFrom('zzz', 'admin', 'limit[]', 'stage[$ne]', 'sort'),
      }),
    );
  }
  return out;
}

describe('fuzz: 1,000 malformed requests across the routes of API.md (in-process gateway, real worker, own PostgreSQL)', () => {
  let dir: string;
  let pg: OwnPostgres;
  let harness: WorkerHarness;
  let app: INestApplication;
  let baseUrl: string;
  const tokens: Partial<Record<UserKey, string>> = {};
  let f: Fixtures;

  beforeAll(async () => {
    // A database of its own: "nothing written" is then a plain count, whatever else runs alongside.
    dir = makeTempDir('fault-fuzz');
    pg = await OwnPostgres.start(dir);
    const config = testConfig({ DATABASE_URL: pg.url });
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const as: Record<string, GatewayClient> = {};
    for (const name of ['clerk1', 'mediator1', 'supervisor1', 'supervisor2', 'admin'] as const) {
      as[name] = await new GatewayClient(baseUrl).login(name);
      tokens[name] = as[name].token;
    }
    f = await createFixtures(as);
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function createFixtures(as: Record<string, GatewayClient>): Promise<Fixtures> {
    const ok = async (promise: Promise<{ status: number; body: any }>) => {
      const result = await promise;
      if (result.status >= 300) throw new Error(`fixture: ${result.status} ${JSON.stringify(result.body)}`);
      return result.body;
    };
    const create = (acceptNow: boolean) => ok(as.clerk1.post('/api/disputes', sampleReport({ acceptNow })));
    const routed = async () => {
      const c = await create(true);
      await ok(
        as.clerk1.post(`/api/disputes/${c.id}/route`, {
          centerCode: 'TJ',
          unitId: XINCUN,
          severity: 'NORMAL',
          slaClass: 'GENERAL',
        }),
      );
      return c;
    };
    const claimed = async () => {
      const c = await routed();
      await ok(as.mediator1.post(`/api/tasks/${c.id}/claim`));
      return c;
    };
    const atSupervision = async () => {
      const c = await claimed();
      await ok(
        as.mediator1.post(`/api/disputes/${c.id}/complete-handling`, { outcome: 'RESOLVED_ON_SITE', summary: '化解' }),
      );
      return c;
    };
    const atFeedback = async () => {
      const c = await atSupervision();
      await ok(as.supervisor1.post(`/api/disputes/${c.id}/supervision/approve`));
      return c;
    };
    const discovery = await create(false);
    const acceptance = await create(true);
    const mergeTarget = await create(true);
    const routing = await routed();
    const suspended = await routed();
    await ok(as.supervisor1.post(`/api/disputes/${suspended.id}/suspend`, { reason: '等待判决' }));
    const handling = await claimed();
    const withExtension = await claimed();
    const extension = await ok(
      as.mediator1.post(`/api/disputes/${withExtension.id}/extensions`, { days: 3, reason: '鉴定' }),
    );
    const tracking = await claimed();
    await ok(
      as.mediator1.post(`/api/disputes/${tracking.id}/complete-handling`, {
        outcome: 'AGREEMENT',
        summary: '协议',
        agreement: { terms: '维修', fulfilBy: '2026-12-31' },
      }),
    );
    const supervision = await atSupervision();
    const feedback = await atFeedback();
    const evaluation = await atFeedback();
    await ok(as.mediator1.post(`/api/disputes/${evaluation.id}/feedback`, { channel: 'PHONE', content: '已告知' }));
    // An alert to acknowledge: a supervision order whose deadline has passed escalates at once.
    const escalated = await routed();
    await ok(
      as.supervisor2.post(`/api/disputes/${escalated.id}/supervision-orders`, {
        instruction: '逾期演练',
        deadline: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    const alert = await waitFor('the escalation of the overdue order', async () => {
      const list = await ok(as.supervisor2.get('/api/alerts?acknowledged=false'));
      const mine = list.items.filter((a: { caseId: string }) => a.caseId === escalated.id);
      return mine.length >= 2 ? mine[0] : undefined;
    });
    return {
      discovery: discovery.id,
      acceptance: acceptance.id,
      mergeTarget: mergeTarget.id,
      routing: routing.id,
      suspended: suspended.id,
      handling: handling.id,
      withExtension: withExtension.id,
      extensionId: extension.extension.id,
      tracking: tracking.id,
      supervision: supervision.id,
      feedback: feedback.id,
      evaluation: evaluation.id,
      receiptCode: evaluation.receiptCode,
      alertId: alert.id,
      userId: DEMO_ACCOUNTS.find((a) => a.username === 'clerk1')!.id,
      routingRules: (await ok(as.admin.get('/api/admin/routing-rules'))).rules,
      slaPolicy: await ok(as.admin.get('/api/admin/sla-policy')),
    };
  }

  /** Everything a malformed request must leave as it was. */
  const snapshot = async () =>
    (
      await harness.dataSource.query(`SELECT
        (SELECT count(*)::int FROM case_events) AS events,
        (SELECT count(*)::int FROM cases) AS cases,
        (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM cases c) AS cases_hash,
        (SELECT count(*)::int FROM alert_acknowledgements) AS acknowledgements,
        (SELECT md5(string_agg(u::text, '|' ORDER BY u.id)) FROM users u) AS users,
        (SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM routing_rules r) AS routing_rules,
        (SELECT md5(string_agg(p::text, '|' ORDER BY p.name)) FROM sla_policies p) AS sla_policies,
        (SELECT md5(string_agg(y::text, '|' ORDER BY y.year)) FROM calendar_years y) AS calendar`)
    )[0];

  /** The request as sent: method, path, headers, raw body. */
  function build({ route: index, defect }: Planned) {
    const route = ROUTES[index];
    const sample = route.body?.(f);
    const ids: Record<string, string> = {
      ':id': route.target ? f[route.target] : '',
      ':extId': f.extensionId,
      ':code': f.receiptCode,
      ':year': '2026',
    };
    let path = route.path.replace(/:(id|extId|code|year)/g, (m) => ids[m]);
    let method: string = route.method;
    let body: unknown = sample;
    let raw: string | undefined;
    const headers: Record<string, string> = {};
    const token = route.as === 'anonymous' ? undefined : tokens[route.as];
    if (token) headers.authorization = `Bearer ${token}`;
    const fields = sample ? Object.keys(sample) : [];
    switch (defect.kind) {
      case 'unknown-field':
        body = { ...(sample ?? {}) };
        Object.defineProperty(body, fields.includes(defect.key) ? `${defect.key}_x` : defect.key, {
          value: defect.value,
          enumerable: true,
        });
        break;
      case 'missing': {
        const { [defect.field]: _gone, ...rest } = sample!;
        body = rest;
        break;
      }
      case 'wrong-type':
        body = { ...sample, [defect.field]: defect.value };
        break;
      case 'huge':
        body = { ...sample, [defect.field]: '漏'.repeat(defect.length) };
        break;
      case 'not-object':
      case 'bad-json':
        raw = defect.raw;
        break;
      case 'oversize':
        body = { ...(sample ?? {}), padding: 'x'.repeat(300 * 1024) };
        break;
      case 'bad-id': {
        const param = route.path.match(/:(id|extId|code|year)/)![0];
        path = route.path.replace(/:(id|extId|code|year)/g, (m) => (m === param ? defect.id : ids[m]));
        break;
      }
      case 'unknown-id':
        path = route.path.replace(/:(id|extId|code|year)/g, (m) =>
          m === ':code' ? 'ZZZZ2345' : m === ':id' ? randomUUID() : ids[m],
        );
        break;
      case 'wrong-method':
        method = defect.method;
        if (method === 'GET') body = undefined;
        break;
      case 'bad-auth':
        headers.authorization = badAuth(defect.header, token!);
        break;
      case 'bad-idempotency-key':
        headers['idempotency-key'] = defect.key;
        break;
      case 'bad-query': {
        const names = Object.keys(route.query!);
        const name = names[defect.pick % names.length];
        const values = route.query![name];
        path += `?${encodeURIComponent(name)}=${encodeURIComponent(values[defect.value % values.length])}`;
        break;
      }
      case 'unknown-query':
        path += `?${encodeURIComponent(defect.name)}=1`;
        break;
    }
    if (raw === undefined && body !== undefined && method !== 'GET') raw = JSON.stringify(body);
    if (raw !== undefined) headers['content-type'] = 'application/json';
    const detail =
      defect.kind === 'unknown-field' ? ` ${JSON.stringify(defect.key)}` : 'field' in defect ? ` ${defect.field}` : '';
    return { method, path, headers, raw, label: `${route.method} ${route.path} [${defect.kind}${detail}]` };
  }

  function badAuth(kind: string, token: string): string {
    const [header, payload] = token.split('.');
    if (kind === 'FORGED')
      return `Bearer ${header}.${payload}.${createHmac('sha256', 'not-the-secret').update(`${header}.${payload}`).digest('base64url')}`;
    if (kind === 'NONE') return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    if (kind === 'TAMPERED') {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
      return `Bearer ${header}.${forged}.${token.split('.')[2]}`;
    }
    return kind;
  }

  it(`answers each with a 4xx, never a 500, and writes nothing (seed ${SEED})`, async () => {
    const planned: Planned[] = fc.sample(
      fc
        .nat({ max: ROUTES.length - 1 })
        .chain((route) =>
          fc
            .oneof(...defectsFor(ROUTES[route], ROUTES[route].body?.(placeholderFixtures)))
            .map((defect) => ({ route, defect })),
        ),
      { seed: SEED, numRuns: REQUESTS },
    );
    const before = await snapshot();
    const serverErrors: string[] = [];
    const accepted: string[] = [];
    const withoutCode: string[] = [];
    const statuses = new Map<number, number>();
    await inPool(planned, 4, async (plan) => {
      const request = build(plan);
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, connection: 'close' },
        body: request.raw,
      });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const line = `${request.label} ${request.method} ${request.path.slice(0, 100)} → ${response.status} ${text.slice(0, 80)}`;
      if (response.status >= 500) serverErrors.push(line);
      else if (response.status < 400) accepted.push(line);
      else if (response.status !== 404 && response.status !== 431 && !/"code":"[A-Z_]+"/.test(text))
        withoutCode.push(line);
    });
    const after = await snapshot();
    console.log(
      `[fuzz] ${planned.length} malformed requests over ${ROUTES.length} routes; statuses ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );

    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect({ serverErrors, accepted, changed, withoutCode }).toEqual({
      serverErrors: [],
      accepted: [],
      changed: [],
      withoutCode: [],
    });
  });
});

/** Sample bodies only decide which fields a defect may pick; the real ones come from the fixtures when sent. */
const placeholderFixtures: Fixtures = {
  discovery: '',
  acceptance: '',
  mergeTarget: '',
  routing: '',
  suspended: '',
  handling: '',
  withExtension: '',
  extensionId: '',
  tracking: '',
  supervision: '',
  feedback: '',
  evaluation: '',
  receiptCode: '',
  alertId: '',
  userId: '',
  routingRules: [],
  slaPolicy: { rules: [] },
};
