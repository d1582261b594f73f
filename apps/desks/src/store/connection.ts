import { defineStore } from 'pinia';
import { ref } from 'vue';

const PROBE_EVERY_MS = 3000;

/**
 * Whether the server can be reached. A request that gets no answer at all turns the banner on;
 * while it is on, /health is asked every few seconds, and any answer (from it or from any other
 * request) turns it off again.
 */
export const useConnectionStore = defineStore('connection', () => {
  const lost = ref(false);
  let probe: ReturnType<typeof setInterval> | undefined;

  function reachable(): void {
    lost.value = false;
    if (probe) clearInterval(probe);
    probe = undefined;
  }

  function unreachable(): void {
    lost.value = true;
    probe ??= setInterval(() => {
      fetch('/health', { cache: 'no-store' }).then(reachable, () => undefined);
    }, PROBE_EVERY_MS);
  }

  return { lost, reachable, unreachable };
});
