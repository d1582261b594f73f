import { randomUUID } from 'crypto';
import { DEMO_PASSWORD } from './browser-stack';

/**
 * The gateway's HTTP contract (../shared/API.md) for setting data up quickly before a page is
 * opened: log in, register a case, route it. The browser is for what the test is about.
 */

export type DemoUser =
  | 'clerk1'
  | 'grid1'
  | 'mediator1'
  | 'mediator2'
  | 'mediator3'
  | 'supervisor1'
  | 'supervisor2'
  | 'supervisor3'
  | 'admin';

export interface LoginAnswer {
  accessToken: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    roles: string[];
    centerCode?: string;
    unitIds: string[];
    supervisorLevel?: number;
  };
}

/** A case as the API answers it (GET /api/disputes/:id and every action). */
export interface ApiCase {
  id: string;
  caseNo: string;
  receiptCode: string;
  stage: string;
  status: string;
  centerCode?: string;
  unitId?: string;
  assigneeId?: string;
  stageDeadline?: string;
  overdue: boolean;
  escalationLevel: number;
  [field: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** One person's session with the API (or none: the public party routes). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly session?: LoginAnswer,
  ) {}

  static async login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiClient> {
    const answer = await new ApiClient(baseUrl).post<LoginAnswer>('/api/auth/login', { username, password });
    return new ApiClient(baseUrl, answer);
  }

  get token(): string | undefined {
    return this.session?.accessToken;
  }

  /** Any request; resolves with status and parsed body whatever the status. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed };
  }

  private async ok<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const answer = await this.send(method, path, body, headers);
    if (answer.status < 200 || answer.status >= 300) throw new ApiError(method, path, answer.status, answer.body);
    return answer.body as T;
  }

  get<T = any>(path: string): Promise<T> {
    return this.ok<T>('GET', path);
  }

  /** A POST with a fresh Idempotency-Key, as the desks send them. */
  post<T = any>(path: string, body: unknown = {}): Promise<T> {
    return this.ok<T>('POST', path, body, { 'idempotency-key': randomUUID() });
  }

  put<T = any>(path: string, body: unknown): Promise<T> {
    return this.ok<T>('PUT', path, body);
  }
}

/** A report as the counter registers it: a walk-in in 新村社区 with one applicant. */
export function sampleReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const unique = randomUUID().slice(0, 8);
  return {
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: `楼上漏水（浏览器测试 ${unique}）`,
    description: '卫生间漏水，协商未果',
    gridCode: 'JF-C01-G01',
    address: '新村社区 5 幢',
    urgent: false,
    // A fresh phone number each time: a repeat party would make the case MAJOR.
    parties: [
      { role: 'APPLICANT', name: '张三', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    ],
    ...overrides,
  };
}

/** The demo accounts' sessions, logged in once each per test, and the common set-ups. */
export class StackApi {
  private readonly sessions = new Map<string, Promise<ApiClient>>();

  constructor(readonly baseUrl: string) {}

  as(username: DemoUser | string, password = DEMO_PASSWORD): Promise<ApiClient> {
    let session = this.sessions.get(username);
    if (!session) {
      session = ApiClient.login(this.baseUrl, username, password);
      this.sessions.set(username, session);
      session.catch(() => this.sessions.delete(username));
    }
    return session;
  }

  /** The public (no login) routes: the party page's. */
  get public(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  /** Registers a report at the counter (clerk1), accepted at once unless `acceptNow: false` is given. */
  async registerCase(overrides: Record<string, unknown> = {}, by: DemoUser = 'clerk1'): Promise<ApiCase> {
    const clerk = await this.as(by);
    return clerk.post<ApiCase>(
      '/api/disputes',
      sampleReport({ ...(by === 'clerk1' && { acceptNow: true }), ...overrides }),
    );
  }

  /** Routes an accepted case as the rule table suggests (or to the given unit): its task lands in that unit's pool. */
  async routeCase(
    caseId: string,
    to?: { centerCode: string; unitId: string; severity?: 'NORMAL' | 'MAJOR' },
  ): Promise<ApiCase> {
    const clerk = await this.as('clerk1');
    const suggestion =
      to ??
      (await clerk.get<{ centerCode: string; unitId: string; severity: 'NORMAL' | 'MAJOR' }>(
        `/api/disputes/${caseId}/routing-suggestion`,
      ));
    return clerk.post<ApiCase>(`/api/disputes/${caseId}/route`, {
      centerCode: suggestion.centerCode,
      unitId: suggestion.unitId,
      severity: suggestion.severity ?? 'NORMAL',
    });
  }

  /** Registered, accepted and routed: a task waiting in a pool. */
  async caseInPool(overrides: Record<string, unknown> = {}): Promise<ApiCase> {
    const registered = await this.registerCase(overrides);
    return this.routeCase(registered.id);
  }

  async getCase(caseId: string, as: DemoUser = 'clerk1'): Promise<ApiCase> {
    return (await this.as(as)).get<ApiCase>(`/api/disputes/${caseId}`);
  }
}
