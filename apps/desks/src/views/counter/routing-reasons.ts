import { label, t } from '@/locales';

/**
 * The routing suggestion's reasons (sentences of the rule table, in English) in Chinese. A
 * sentence not known here is shown as it came, rather than hidden.
 */
const REASONS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Repeat party/, () => t('counter.routing.reason.repeatParty')],
  [
    /^Rule (\d+) \((\w+) × grid level ([\w*]+) × severity ([\w*]+)\) matched: center (\w+), (\w+)-level unit, SLA class (\w+)\.$/,
    (m) =>
      t('counter.routing.reason.rule', {
        row: m[1],
        category: label('category', m[2]),
        gridLevel: m[3] === '*' ? t('counter.routing.reason.anyGridLevel') : label('gridLevel', m[3]),
        severity: m[4] === '*' ? t('counter.routing.reason.anySeverity') : label('severity', m[4]),
        center: label('center', m[5]),
        unitLevel: label('unitLevel', m[6].toUpperCase()),
        slaClass: label('slaClass', m[7]),
      }),
  ],
  [/^Severity MAJOR: routed to street level\.$/, () => t('counter.routing.reason.major')],
  [/^Unit: (.+)\.$/, (m) => t('counter.routing.reason.unit', { unit: m[1] })],
];

export function routingReason(text: string): string {
  for (const [pattern, render] of REASONS) {
    const match = text.match(pattern);
    if (match) return render(match);
  }
  return text;
}
