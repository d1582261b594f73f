import { reactive, ref } from 'vue';
import { ApiError, errorMessage } from '@/api/errors';

/**
 * The errors of a rule table (SLA policy, routing table): the gateway names each bad row by its
 * body path (`rules.3: …`, `rules.3.workingDays: …`); those messages go beside row 3 (by field,
 * '' for the row as a whole), every other one to the list above the table.
 */
export function useRowErrors() {
  const rows = reactive<Record<number, Record<string, string>>>({});
  const general = ref<string[]>([]);
  const message = ref('');

  function clear(): void {
    for (const key of Object.keys(rows)) delete rows[Number(key)];
    general.value = [];
    message.value = '';
  }

  function show(error: unknown, rowCount: number): void {
    clear();
    message.value = errorMessage(error);
    if (!(error instanceof ApiError)) return;
    const rest: string[] = [];
    for (const [path, texts] of Object.entries(error.fields)) {
      const match = /^rules\.(\d+)(?:\.(\w+))?$/.exec(path);
      const index = match ? Number(match[1]) : -1;
      if (match && index < rowCount) {
        const field = match[2] ?? '';
        const byField = (rows[index] ??= {});
        byField[field] = byField[field] ? `${byField[field]}；${texts.join('；')}` : texts.join('；');
      } else {
        rest.push(...texts);
      }
    }
    general.value = [...rest, ...error.general];
  }

  /** The messages of one row: the given fields' (and the row's own, '') joined. */
  function of(index: number, fields: string[] = []): string | undefined {
    const byField = rows[index];
    if (!byField) return undefined;
    const texts = ['', ...fields].map((field) => byField[field]).filter(Boolean);
    return texts.length ? texts.join('；') : undefined;
  }

  /** One field's messages in a row ('' : the row's own). */
  const field = (index: number, name: string): string | undefined => rows[index]?.[name];

  return { rows, general, message, clear, show, of, field };
}
