import { reactive, ref } from 'vue';
import { ApiError, errorMessage } from '@/api/errors';

/**
 * The errors of one form: the message for the person (by the error's code) and each API
 * validation message beside its field (`<el-form-item :error="errors.field('summary')">`).
 * Messages for fields the form does not show (`isShown` false) join the general list, so none is lost.
 */
export function useApiErrors(isShown: (path: string) => boolean = () => true) {
  const fields = reactive<Record<string, string>>({});
  const general = ref<string[]>([]);
  const message = ref('');

  function clear(path?: string): void {
    if (path !== undefined) {
      delete fields[path];
      return;
    }
    for (const key of Object.keys(fields)) delete fields[key];
    general.value = [];
    message.value = '';
  }

  /**
   * Shows an error: `overrides` replace the message of given codes (login: UNAUTHORIZED is a
   * wrong password there), `mapPath` turns the body's field paths into the form's.
   */
  function show(
    error: unknown,
    options: { overrides?: Record<string, string>; mapPath?: (path: string) => string } = {},
  ): void {
    clear();
    message.value = errorMessage(error, options.overrides);
    if (!(error instanceof ApiError)) return;
    const rest = [...error.general];
    for (const [bodyPath, texts] of Object.entries(error.fields)) {
      const path = options.mapPath ? options.mapPath(bodyPath) : bodyPath;
      if (isShown(path)) fields[path] = fields[path] ? `${fields[path]}；${texts.join('；')}` : texts.join('；');
      else rest.push(...texts);
    }
    general.value = rest;
  }

  /** A message of the form's own beside a field (e.g. a choice the API cannot name). */
  function set(path: string, text: string): void {
    fields[path] = text;
  }

  const field = (path: string): string | undefined => fields[path];

  return { fields, general, message, clear, show, set, field };
}
