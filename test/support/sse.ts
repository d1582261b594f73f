/** A Server-Sent Events client over fetch: collects `event: alert` messages until closed. */
export class SseClient {
  readonly events: { event: string; data: any }[] = [];
  private readonly controller = new AbortController();
  private done?: Promise<void>;

  constructor(private readonly url: string, private readonly token: string) {}

  /** Resolves once the stream is open (headers received). */
  async open(): Promise<number> {
    const response = await fetch(this.url, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
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
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data !== undefined) this.events.push({ event, data: JSON.parse(data) });
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
