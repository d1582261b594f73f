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

  function show(error: unknown, overrides: Record<string, string> = {}): void {
    clear();
    message.value = errorMessage(error, overrides);
    if (!(error instanceof ApiError)) return;
    const rest = [...error.general];
    for (const [path, texts] of Object.entries(error.fields)) {
      if (isShown(path)) fields[path] = texts.join('；');
      else rest.push(...texts);
    }
    general.value = rest;
  }

  const field = (path: string): string | undefined => fields[path];

  return { fields, general, message, clear, show, field };
}
