import * as http from 'http';

/**
 * The supervisors' SSE client as a separate process: opens GET /api/alerts/stream and notes the
 * wall-clock arrival of every `event: alert`. Messages: {url, token} opens; {report: true}
 * answers with what arrived so far.
 */
export interface Arrival {
  id: string;
  caseId: string;
  kind: string;
  level: number;
  deadline: string | null;
  raisedAt: string;
  arrivedAt: number;
}

const arrivals: Arrival[] = [];

/**
 * Node's http rather than fetch: fetch (undici) drops a body that is silent for 300 s, and the
 * stream is silent until the first deadline passes.
 */
function open(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (response) => {
        resolve(response.statusCode ?? 0);
        if (response.statusCode !== 200) return void response.resume();
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          const now = Date.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!/^event: alert$/m.test(block)) continue;
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue;
            const a = JSON.parse(data);
            arrivals.push({
              id: a.id,
              caseId: a.caseId,
              kind: a.kind,
              level: a.level,
              deadline: a.deadline,
              raisedAt: a.raisedAt,
              arrivedAt: now,
            });
          }
        });
        response.on('end', () => console.error('[sse-child] stream ended'));
      },
    );
    request.on('error', reject);
  });
}

process.on('message', (message: { url?: string; token?: string; report?: boolean; count?: boolean }) => {
  if (message.url) {
    open(message.url, message.token!)
      .then((status) => process.send!({ ok: status === 200, result: status, error: `status ${status}` }))
      .catch((error) => process.send!({ ok: false, error: String(error) }));
  } else if (message.count) {
    process.send!({
      ok: true,
      result: { total: arrivals.length, escalations: arrivals.filter((a) => a.kind === 'ESCALATION').length },
    });
  } else if (message.report) {
    process.send!({ ok: true, result: arrivals });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
