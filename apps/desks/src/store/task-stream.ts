import { defineStore } from 'pinia';
import { ref } from 'vue';
import { type TaskChange, takeTaskStreamTicket, taskStreamUrl } from '@/api/tasks';
import { openTicketStream, type StreamState } from '@/utils/ticket-stream';

export type { StreamState };

type Listener = (change: TaskChange) => void;

/**
 * The mediator's pools, live (GET /api/tasks/stream, kept open by openTicketStream); each `task`
 * event goes to the listeners. Every opening, the first too, tells the listeners to read their
 * lists again (`refetch`): changes made before it opened, or while it was away, were not sent.
 */
export const useTaskStreamStore = defineStore('task-stream', () => {
  const state = ref<StreamState>('idle');
  const listeners = new Set<Listener>();
  let stream: { close(): void } | undefined;

  /** Listens to the stream (opening it for the first listener); returns the function that stops listening. */
  function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    if (listeners.size === 1) {
      stream = openTicketStream({
        takeTicket: takeTaskStreamTicket,
        url: taskStreamUrl,
        onState: (next) => (state.value = next),
        onOpen: () => emit({ kind: 'refetch' }),
        events: {
          task: (event) => {
            try {
              emit(JSON.parse(event.data) as TaskChange);
            } catch {
              emit({ kind: 'refetch' });
            }
          },
        },
      });
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0) return;
      stream?.close();
      stream = undefined;
    };
  }

  function emit(change: TaskChange): void {
    for (const listener of [...listeners]) listener(change);
  }

  return { state, subscribe };
});
