import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '@/api/errors';
import { type TaskChange, takeTaskStreamTicket, taskStreamUrl } from '@/api/tasks';

export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting';

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** The gateway pings every 25 s: this long without any event, the stream is dead though no error came. */
const SILENCE_MS = 65_000;

type Listener = (change: TaskChange) => void;

/**
 * The mediator's pools, live (GET /api/tasks/stream). A ticket first (an EventSource cannot send
 * the bearer token), then the stream; each `task` event goes to the listeners. On an error the
 * EventSource is closed (its ticket was one use), a fresh ticket taken and the stream reopened,
 * with a growing pause. Every opening, the first too, tells the listeners to read their lists
 * again (`refetch`): changes made before it opened, or while it was away, were not sent.
 */
export const useTaskStreamStore = defineStore('task-stream', () => {
  const state = ref<StreamState>('idle');
  const listeners = new Set<Listener>();
  let generation = 0;
  let source: EventSource | undefined;
  let retryDelay = RETRY_FIRST_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let opened = false;

  /** Listens to the stream (opening it for the first listener); returns the function that stops listening. */
  function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    if (listeners.size === 1) {
      generation += 1;
      opened = false;
      void connect(generation);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0) return;
      generation += 1;
      closeSource();
      clearTimeout(retryTimer);
      state.value = 'idle';
      retryDelay = RETRY_FIRST_MS;
    };
  }

  function emit(change: TaskChange): void {
    for (const listener of [...listeners]) listener(change);
  }

  async function connect(gen: number): Promise<void> {
    state.value = opened ? 'reconnecting' : 'connecting';
    let ticket: string;
    try {
      ticket = (await takeTaskStreamTicket()).ticket;
    } catch (error) {
      if (gen !== generation) return;
      // No session (the router takes the person to login) or no right to the stream: nothing to retry.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        state.value = 'idle';
        return;
      }
      scheduleReconnect(gen);
      return;
    }
    if (gen !== generation) return;
    const stream = new EventSource(taskStreamUrl(ticket));
    source = stream;
    stream.addEventListener('open', () => {
      if (source !== stream) return;
      state.value = 'live';
      retryDelay = RETRY_FIRST_MS;
      expectWithin(gen);
      // Whatever changed before the stream opened (or while it was away) was not sent: read the lists again.
      opened = true;
      emit({ kind: 'refetch' });
    });
    stream.addEventListener('task', (event) => {
      if (source !== stream) return;
      expectWithin(gen);
      try {
        emit(JSON.parse((event as MessageEvent<string>).data) as TaskChange);
      } catch {
        emit({ kind: 'refetch' });
      }
    });
    stream.addEventListener('ping', () => {
      if (source === stream) expectWithin(gen);
    });
    stream.addEventListener('error', () => {
      if (source !== stream) return;
      // The browser would retry with the same, spent ticket: close and reopen with a new one.
      closeSource();
      state.value = 'reconnecting';
      scheduleReconnect(gen);
    });
  }

  function closeSource(): void {
    clearTimeout(silenceTimer);
    source?.close();
    source = undefined;
  }

  function scheduleReconnect(gen: number): void {
    clearTimeout(retryTimer);
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    retryTimer = setTimeout(() => {
      if (gen === generation) void connect(gen);
    }, delay);
  }

  function expectWithin(gen: number): void {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      if (gen !== generation || !source) return;
      closeSource();
      state.value = 'reconnecting';
      scheduleReconnect(gen);
    }, SILENCE_MS);
  }

  return { state, subscribe };
});
