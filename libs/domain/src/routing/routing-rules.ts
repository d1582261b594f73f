import {
  CATEGORIES,
  CENTER_CODES,
  GRID_LEVELS,
  SEVERITIES,
  SLA_CLASSES,
  UNIT_LEVELS,
  type Category,
  type CenterCode,
  type GridLevel,
  type Severity,
  type SlaClass,
  type UnitLevel,
} from '../enums';

/**
 * One row of the ADMIN-editable routing table: category × grid level × severity → center, unit
 * level and SLA class. An omitted grid level or severity means '*', any.
 */
export interface RoutingRule {
  category: Category;
  gridLevel?: GridLevel | '*';
  severity?: Severity | '*';
  centerCode: CenterCode;
  unitLevel: UnitLevel;
  slaClass: SlaClass;
}

/** DOMAIN.md's default table: one catch-all row per category. */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  { category: 'NEIGHBOR', centerCode: 'TJ', unitLevel: 'COMMUNITY', slaClass: 'SIMPLE' },
  { category: 'FAMILY', centerCode: 'TJ', unitLevel: 'COMMUNITY', slaClass: 'GENERAL' },
  { category: 'PROPERTY_MGMT', centerCode: 'TJ', unitLevel: 'COMMUNITY', slaClass: 'GENERAL' },
  { category: 'LABOR', centerCode: 'TJ', unitLevel: 'STREET', slaClass: 'GENERAL' },
  { category: 'LAND', centerCode: 'TJ', unitLevel: 'STREET', slaClass: 'GENERAL' },
  { category: 'DEMOLITION', centerCode: 'XF', unitLevel: 'STREET', slaClass: 'MAJOR' },
  { category: 'CONSUMER', centerCode: 'TJ', unitLevel: 'STREET', slaClass: 'SIMPLE' },
  { category: 'TRAFFIC', centerCode: 'ZZ', unitLevel: 'STREET', slaClass: 'GENERAL' },
  { category: 'MEDICAL', centerCode: 'TJ', unitLevel: 'STREET', slaClass: 'MAJOR' },
  { category: 'PUBLIC_ORDER', centerCode: 'ZZ', unitLevel: 'STREET', slaClass: 'GENERAL' },
  { category: 'PETITION', centerCode: 'XF', unitLevel: 'STREET', slaClass: 'GENERAL' },
  { category: 'OTHER', centerCode: 'WG', unitLevel: 'STREET', slaClass: 'GENERAL' },
];

export interface RoutingRequest {
  category: Category;
  /** The level of the case's grid. */
  gridLevel: GridLevel;
  severity: Severity;
  /** The party has 3+ cases in 12 months. */
  repeatParty: boolean;
}

export interface RoutingSuggestion {
  centerCode: CenterCode;
  unitLevel: UnitLevel;
  slaClass: SlaClass;
  severity: Severity;
  /** Why, in sentences a clerk can read out. */
  reasons: string[];
}

const matches = <T extends string>(ruleValue: T | '*' | undefined, value: T) =>
  ruleValue === undefined || ruleValue === '*' || ruleValue === value;
const specificity = (r: RoutingRule) =>
  Number(r.gridLevel !== undefined && r.gridLevel !== '*') + Number(r.severity !== undefined && r.severity !== '*');
const ruleName = (r: RoutingRule) => `${r.category} × grid level ${r.gridLevel ?? '*'} × severity ${r.severity ?? '*'}`;

/**
 * The routing a clerk is shown. The most specific matching row wins (exact grid level and
 * severity beat '*'), the first row among equals. Severity MAJOR — also set by a repeat party —
 * always goes to a street-level unit; it keeps the row's SLA class, because the MAJOR class means
 * more handling time (30 working days) while a MAJOR severity means more risk: the risk is met by
 * the street level and by the escalation ladder going to level 3 as soon as the case is overdue.
 * The concrete unit (which community's committee, which street unit) is resolved by the caller.
 */
export function suggestRouting(request: RoutingRequest, rules: readonly RoutingRule[]): RoutingSuggestion {
  const reasons: string[] = [];
  let severity = request.severity;
  if (request.repeatParty && severity !== 'MAJOR') {
    severity = 'MAJOR';
    reasons.push('Repeat party (3+ cases in 12 months): severity raised to MAJOR.');
  }
  let best: { rule: RoutingRule; row: number } | undefined;
  rules.forEach((rule, i) => {
    const fits =
      rule.category === request.category &&
      matches(rule.gridLevel, request.gridLevel) &&
      matches(rule.severity, severity);
    if (fits && (!best || specificity(rule) > specificity(best.rule))) best = { rule, row: i + 1 };
  });
  if (!best) throw new RangeError(`no routing rule matches ${request.category} × ${request.gridLevel} × ${severity}`);
  const { rule, row } = best;
  reasons.push(
    `Rule ${row} (${ruleName(rule)}) matched: center ${rule.centerCode}, ${rule.unitLevel.toLowerCase()}-level unit, SLA class ${rule.slaClass}.`,
  );
  let unitLevel = rule.unitLevel;
  if (severity === 'MAJOR' && unitLevel !== 'STREET') {
    unitLevel = 'STREET';
    reasons.push('Severity MAJOR: routed to street level.');
  }
  return { centerCode: rule.centerCode, unitLevel, slaClass: rule.slaClass, severity, reasons };
}

/** Every problem with a rule table, naming its row; empty when every case finds a route. */
export function validateRoutingRules(rules: readonly RoutingRule[]): string[] {
  const problems: string[] = [];
  const firstRow = new Map<string, number>();
  rules.forEach((r, i) => {
    const name = `row ${i + 1} (${ruleName(r)})`;
    const bad = (field: string, value: unknown) => problems.push(`${name}: unknown ${field} ${String(value)}`);
    if (!CATEGORIES.includes(r.category)) bad('category', r.category);
    if (!matchesAnyOf(r.gridLevel, GRID_LEVELS)) bad('grid level', r.gridLevel);
    if (!matchesAnyOf(r.severity, SEVERITIES)) bad('severity', r.severity);
    if (!CENTER_CODES.includes(r.centerCode)) bad('center', r.centerCode);
    if (!UNIT_LEVELS.includes(r.unitLevel)) bad('unit level', r.unitLevel);
    if (!SLA_CLASSES.includes(r.slaClass)) bad('SLA class', r.slaClass);
    if (r.severity === 'MAJOR' && r.unitLevel === 'COMMUNITY') {
      problems.push(`${name}: severity MAJOR always goes to a street-level unit, not COMMUNITY`);
    }
    const key = `${r.category}|${r.gridLevel ?? '*'}|${r.severity ?? '*'}`;
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, i + 1);
    else problems.push(`${name}: same category, grid level and severity as row ${first}; it would never be used`);
  });
  for (const category of CATEGORIES) {
    for (const gridLevel of GRID_LEVELS) {
      for (const severity of SEVERITIES) {
        if (
          !rules.some(
            (r) => r.category === category && matches(r.gridLevel, gridLevel) && matches(r.severity, severity),
          )
        ) {
          problems.push(`no row routes ${category} × grid level ${gridLevel} × severity ${severity}`);
        }
      }
    }
  }
  return problems;
}

function matchesAnyOf<T extends string>(value: T | '*' | undefined, allowed: readonly T[]): boolean {
  return value === undefined || value === '*' || allowed.includes(value);
}
