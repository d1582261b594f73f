import { computed, onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import { errorMessage } from '@/api/errors';
import { listTasks, type TaskChange, type TaskItem } from '@/api/tasks';
import { useTaskStreamStore } from '@/store/task-stream';
import { readSla } from './sla';

/** The newest cases of the done list that are read (it is history; the case list finds older ones). */
export const DONE_LIMIT = 200;
/** Changes arriving together (a burst of claims) cause one reading of the lists. */
const RELOAD_AFTER_MS = 150;

const byDeadline = (a: TaskItem, b: TaskItem) =>
  (a.stageDeadline ?? '9999').localeCompare(b.stageDeadline ?? '9999') || a.caseId.localeCompare(b.caseId);

/**
 * The inbox's lists: the pool (unclaimed tasks of my pools) and mine, deadline first, as the API
 * sorts them; the overdue ones among both; the cases I have handled. Kept live by the task stream:
 * a task someone else claims leaves the pool at once, then the lists are read again.
 */
export function useInbox(userId: Ref<string | undefined>, now: Ref<number>) {
  const pool = shallowRef<TaskItem[]>([]);
  const mine = shallowRef<TaskItem[]>([]);
  const done = shallowRef<TaskItem[]>([]);
  const doneMore = ref(false);
  const loading = ref(true);
  const loadError = ref('');

  const overdue = computed(() =>
    [...pool.value, ...mine.value].filter((task) => readSla(task, now.value).level === 'overdue').sort(byDeadline),
  );

  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Reads the three lists; a call while a reading runs makes one more reading after it. */
  function reload(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const [p, m, d] = await Promise.all([listTasks('pool'), listTasks('mine'), listTasks('done', DONE_LIMIT)]);
          pool.value = p.items;
          mine.value = m.items;
          done.value = d.items;
          doneMore.value = d.more;
          loadError.value = '';
        } catch (error) {
          loadError.value = errorMessage(error);
        }
        // The first answer ends the loading state; later readings replace the rows in place.
        loading.value = false;
      } while (again);
      running = undefined;
    })();
    return running;
  }

  function reloadSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), RELOAD_AFTER_MS);
  }

  /** The row leaves the pool now (claimed by someone, or by me: it joins mine on the next reading). */
  function dropFromPool(caseId: string): void {
    if (pool.value.some((task) => task.caseId === caseId))
      pool.value = pool.value.filter((task) => task.caseId !== caseId);
  }

  function onChange(change: TaskChange): void {
    if (change.kind === 'changed' && change.assigneeId && change.assigneeId !== userId.value)
      dropFromPool(change.caseId);
    reloadSoon();
  }

  const stream = useTaskStreamStore();
  let unsubscribe: (() => void) | undefined;
  onMounted(() => {
    void reload();
    unsubscribe = stream.subscribe(onChange);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    unsubscribe?.();
  });

  return {
    pool,
    mine,
    done,
    doneMore,
    overdue,
    loading,
    loadError,
    reload,
    reloadSoon,
    dropFromPool,
    streamState: computed(() => stream.state),
  };
}
