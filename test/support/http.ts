/** A small JSON client for the gateway under test: status and parsed body, never throws on 4xx. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers?: Headers;
}

export class GatewayClient {
  constructor(
    private readonly baseUrl: string,
    readonly token?: string,
  ) {}

  withToken(token: string): GatewayClient {
    return new GatewayClient(this.baseUrl, token);
  }

  async login(username: string, password = 'demo-pass-2026'): Promise<GatewayClient> {
    const result = await this.request('POST', '/api/auth/login', { username, password });
    if (result.status !== 200) throw new Error(`login ${username}: ${result.status} ${JSON.stringify(result.body)}`);
    return this.withToken(result.body.accessToken);
  }

  get<T = any>(path: string): Promise<HttpResult<T>> {
    return this.request('GET', path);
  }

  post<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    return this.request('POST', path, body, headers);
  }

  /** A raw body, for malformed JSON. */
  postRaw(path: string, raw: string): Promise<HttpResult> {
    return this.send('POST', path, raw, {});
  }

  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), headers);
  }

  private async send(
    method: string,
    path: string,
    raw: string | undefined,
    headers: Record<string, string>,
  ): Promise<HttpResult> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        connection: 'close',
        ...headers,
      },
      body: raw,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: the raw text is the body
    }
    return { status: response.status, body, headers: response.headers };
  }
}

/** A mobile number no other test uses, so a report is never someone else's repeat party by accident. */
export const uniquePhone = () => `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A body POST /api/disputes accepts, on a base grid of 新村社区; the applicant's phone is new each time. */
export function sampleReport(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: '楼上漏水纠纷（测试）',
    description: '楼上住户卫生间漏水，多次协商未果。',
    gridCode: 'JF-C01-G01',
    address: '新村社区 5 幢 302 室',
    parties: [
      { role: 'APPLICANT', name: '测试甲', phone: uniquePhone() },
      { role: 'RESPONDENT', name: '测试乙' },
    ],
    ...overrides,
  };
}
