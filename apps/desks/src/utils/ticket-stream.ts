import { ApiError } from '@/api/errors';

/** Whether a live stream is open: `idle` before start and after stop. */
export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting';

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** The gateway pings every 25 s: this long without any event, the stream is dead though no error came. */
const SILENCE_MS = 65_000;

export interface TicketStreamOptions {
  /** POST …/stream-ticket: an EventSource cannot send the bearer token. */
  takeTicket: () => Promise<{ ticket: string }>;
  /** The stream's address for a ticket (and whatever the caller resumes from, e.g. lastEventId). */
  url: (ticket: string) => string;
  /** Handlers of the stream's named events (`ping` is handled here). */
  events: Record<string, (event: MessageEvent<string>) => void>;
  /** Each time the stream opens, the first time too: what was sent before it opened was missed. */
  onOpen?: () => void;
  onState: (state: StreamState) => void;
}

/**
 * One live stream of the gateway (alerts, tasks), kept open: a ticket, then the EventSource. On an
 * error the EventSource is closed (the browser would retry with the same, spent ticket), a new
 * ticket taken and the stream reopened after a growing pause; a stream silent past the heartbeat
 * is reopened the same way. No session or no right (401, 403): it stops trying. `close()` ends it.
 */
export function openTicketStream(options: TicketStreamOptions): { close(): void } {
  let closed = false;
  let opened = false;
  let source: EventSource | undefined;
  let retryDelay = RETRY_FIRST_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;

  const closeSource = () => {
    clearTimeout(silenceTimer);
    source?.close();
    source = undefined;
  };
  const reconnectLater = () => {
    closeSource();
    options.onState('reconnecting');
    clearTimeout(retryTimer);
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    retryTimer = setTimeout(() => {
      if (!closed) void connect();
    }, delay);
  };
  const expectWithin = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      if (!closed && source) reconnectLater();
    }, SILENCE_MS);
  };

  async function connect(): Promise<void> {
    options.onState(opened ? 'reconnecting' : 'connecting');
    let ticket: string;
    try {
      ticket = (await options.takeTicket()).ticket;
    } catch (error) {
      if (closed) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        options.onState('idle');
        return;
      }
      reconnectLater();
      return;
    }
    if (closed) return;
    const stream = new EventSource(options.url(ticket));
    source = stream;
    // A stream that neither opens nor fails (a proxy holding it) counts as dead after the silence too.
    expectWithin();
    stream.addEventListener('open', () => {
      if (source !== stream) return;
      opened = true;
      options.onState('live');
      retryDelay = RETRY_FIRST_MS;
      expectWithin();
      options.onOpen?.();
    });
    for (const [name, handle] of Object.entries(options.events)) {
      stream.addEventListener(name, (event) => {
        if (source !== stream) return;
        expectWithin();
        handle(event as MessageEvent<string>);
      });
    }
    stream.addEventListener('ping', () => {
      if (source === stream) expectWithin();
    });
    stream.addEventListener('error', () => {
      if (source === stream) reconnectLater();
    });
  }

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      closeSource();
      options.onState('idle');
    },
  };
}
