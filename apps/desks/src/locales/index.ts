/**
 * Every word a person reads, from `zh-CN/<area>.json` (one file per area, collected here by glob:
 * a new area adds a file, nothing else). `t('counter.form.summary')` looks a key up in the file
 * `counter.json`; `{name}` placeholders take `params`. `label('stage', 'HANDLING')` reads an enum
 * label from `enums.json`.
 */
type Messages = { [key: string]: string | Messages };

const files = import.meta.glob<Messages>('./zh-CN/*.json', { eager: true, import: 'default' });

const messages: Messages = {};
for (const [file, content] of Object.entries(files)) {
  messages[file.replace(/^.*\/([^/]+)\.json$/, '$1')] = content;
}

function lookup(key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

export function has(key: string): boolean {
  return typeof lookup(key) === 'string';
}

export function t(key: string, params?: Record<string, string | number>): string {
  const text = lookup(key);
  if (typeof text !== 'string') {
    if (import.meta.env.DEV) console.warn(`[locales] no text for "${key}"`);
    return key;
  }
  return params
    ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
    : text;
}

/** The Chinese label of a code, e.g. `label('stage', 'HANDLING')` → 处置; empty for no code. */
export function label(enumName: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `enums.${enumName}.${code}`;
  return has(key) ? t(key) : code;
}

/** The codes of an enum in the order of enums.json, for selects: `[{value, label}]`. */
export function options(enumName: string): { value: string; label: string }[] {
  const node = lookup(`enums.${enumName}`);
  if (!node || typeof node === 'string') return [];
  return Object.entries(node).map(([value, text]) => ({ value, label: String(text) }));
}
