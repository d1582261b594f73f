/** A Server-Sent Events client over fetch: collects the messages (event, id, data) until closed. */
export class SseClient {
  readonly events: { event: string; id?: string; data: any }[] = [];
  private readonly controller = new AbortController();
  private done?: Promise<void>;
  /** True once the server ended the stream (not set by close()). */
  endedByServer = false;

  /** `token`: sent as a bearer token; undefined: none (a `?ticket=` in the URL instead). */
  constructor(
    private readonly url: string,
    private readonly token?: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** Resolves once the stream is open (headers received). */
  async open(): Promise<number> {
    const response = await fetch(this.url, {
      headers: {
        ...(this.token && { authorization: `Bearer ${this.token}` }),
        accept: 'text/event-stream',
        ...this.headers,
      },
      signal: this.controller.signal,
    });
    if (!response.ok || !response.body) return response.status;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            this.endedByServer = true;
            return;
          }
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const id = /^id: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data !== undefined) this.events.push({ event, id, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted by close()
      }
    })();
    return response.status;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
