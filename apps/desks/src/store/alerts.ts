import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  acknowledgeAlert,
  type Alert,
  alertStreamUrl,
  listUnacknowledgedAlerts,
  takeAlertStreamTicket,
} from '@/api/alerts';
import { openTicketStream, type StreamState } from '@/utils/ticket-stream';

export type { StreamState };

const SOUND_KEY = 'desks.alerts.sound';

const newestFirst = (a: Alert, b: Alert) => b.raisedAt.localeCompare(a.raisedAt) || b.id.localeCompare(a.id);

/**
 * The supervisor's unacknowledged alerts, kept live. On start the stream opens first (ticket,
 * then EventSource on /api/alerts/stream), and every time it opens the list
 * (GET /api/alerts?acknowledged=false) is read again and merged, so an alert raised while the
 * stream was opening is not lost. On an error the EventSource is closed (its ticket was one use),
 * a new ticket taken and the stream reopened with `lastEventId` = the id of the last alert
 * received: the gateway sends what was missed, and an alert already listed is never shown twice.
 * A new alert goes on top, marked fresh, and plays a short tone when the person turned sound on.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const items = ref<Alert[]>([]);
  /** Alerts that arrived live during this visit (the "新" mark). */
  const fresh = ref<Set<string>>(new Set());
  const state = ref<StreamState>('idle');
  const loaded = ref(false);
  const loadError = shallowRef<unknown>(null);
  const soundOn = ref(readSound());
  /** The last alert announced, for the screen reader's live region. */
  const lastArrived = shallowRef<Alert | null>(null);
  /** Counts arrivals, so a cue (a bell's pulse) can restart on each. */
  const arrivals = ref(0);

  const count = computed(() => items.value.length);

  let users = 0;
  let stream: { close(): void } | undefined;
  let lastEventId: string | undefined;
  let reloadSeq = 0;
  /** While a reload is under way: the ids that arrived on the stream meanwhile (the answer may predate them). */
  let arrivedDuringReload: Set<string> | null = null;
  /** Acknowledged here: never shown again, even if an older list answer or a replay still has them. */
  const acknowledged = new Set<string>();

  /** One consumer more (the header's bell, the desk): the first one opens the stream. */
  function start(): void {
    users += 1;
    if (users > 1) return;
    stream = openTicketStream({
      takeTicket: takeAlertStreamTicket,
      // The id of the last alert received: the gateway first sends what came after it.
      url: (ticket) => alertStreamUrl(ticket, lastEventId),
      onState: (next) => (state.value = loaded.value && next === 'connecting' ? 'reconnecting' : next),
      onOpen: () => void reload(),
      events: { alert: receive },
    });
    if (soundOn.value) unlockAudioOnGesture();
  }

  /** One consumer less: the last one closes the stream and forgets the alerts (the next person may be someone else). */
  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    stream?.close();
    stream = undefined;
    state.value = 'idle';
    items.value = [];
    fresh.value = new Set();
    loaded.value = false;
    loadError.value = null;
    lastEventId = undefined;
    lastArrived.value = null;
    acknowledged.clear();
  }

  function receive(event: MessageEvent<string>): void {
    if (event.lastEventId) lastEventId = event.lastEventId;
    let alert: Alert;
    try {
      alert = JSON.parse(event.data) as Alert;
    } catch {
      return;
    }
    if (alert.acknowledgedAt || acknowledged.has(alert.id)) {
      remove(alert.id);
      return;
    }
    arrivedDuringReload?.add(alert.id);
    if (items.value.some((item) => item.id === alert.id)) return;
    items.value = [...items.value, alert].sort(newestFirst);
    fresh.value = new Set(fresh.value).add(alert.id);
    lastArrived.value = alert;
    arrivals.value += 1;
    if (soundOn.value) playTone();
  }

  /**
   * Reads the unacknowledged alerts again and makes them the list, keeping those that arrived on
   * the stream while the request was under way. Alerts acknowledged elsewhere drop out here.
   */
  async function reload(): Promise<void> {
    const seq = ++reloadSeq;
    const arrived = new Set<string>();
    arrivedDuringReload = arrived;
    try {
      const listed = await listUnacknowledgedAlerts();
      if (seq !== reloadSeq) return;
      const byId = new Map(listed.filter((alert) => !acknowledged.has(alert.id)).map((alert) => [alert.id, alert]));
      for (const item of items.value) if (arrived.has(item.id) && !byId.has(item.id)) byId.set(item.id, item);
      // Found only now (missed while no stream was open): new to the person, though no tone plays for them.
      if (loaded.value) {
        const known = new Set(items.value.map((item) => item.id));
        const found = [...byId.keys()].filter((id) => !known.has(id));
        if (found.length) fresh.value = new Set([...fresh.value, ...found]);
      }
      items.value = [...byId.values()].sort(newestFirst);
      loaded.value = true;
      loadError.value = null;
    } catch (error) {
      if (seq === reloadSeq) loadError.value = error;
    } finally {
      if (seq === reloadSeq) arrivedDuringReload = null;
    }
  }

  function remove(id: string): void {
    if (items.value.some((item) => item.id === id)) items.value = items.value.filter((item) => item.id !== id);
  }

  /** POST /api/alerts/:id/ack; the alert leaves the list. Throws the ApiError for the page to show. */
  async function acknowledge(id: string): Promise<Alert> {
    const answer = await acknowledgeAlert(id);
    acknowledged.add(id);
    remove(id);
    return answer;
  }

  function setSound(on: boolean): void {
    soundOn.value = on;
    try {
      localStorage.setItem(SOUND_KEY, on ? '1' : '0');
    } catch {
      // private mode: the choice lasts for this visit
    }
    // Turned on by a click: the browser lets audio start now, and the person hears what it sounds like.
    if (on) playTone();
  }

  return {
    items,
    fresh,
    state,
    loaded,
    loadError,
    soundOn,
    lastArrived,
    arrivals,
    count,
    start,
    stop,
    reload,
    acknowledge,
    setSound,
  };
});

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === '1';
  } catch {
    return false;
  }
}

let audio: AudioContext | undefined;

/** The page's one AudioContext, made on first use; browsers start it only after a person's gesture. */
function audioContext(): AudioContext | undefined {
  const Context =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Context) return undefined;
  audio ??= new Context();
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  return audio;
}

/** Sound turned on in an earlier visit: the first click or key of this one allows the audio to start. */
function unlockAudioOnGesture(): void {
  const unlock = () => {
    audioContext();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

/** Two short sine beeps (880 Hz, then 660 Hz), generated: no audio file. */
function playTone(): void {
  const context = audioContext();
  if (!context) return;
  const start = context.currentTime + 0.02;
  for (const [offset, frequency] of [
    [0, 880],
    [0.2, 660],
  ] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    const at = start + offset;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.18);
  }
}
