import * as path from 'path';

/** The Grafana dashboard of the compose stack. */
export const DASHBOARD_FILE = path.resolve(__dirname, '../../docker/grafana/dashboards/mediation.json');

/** The metric names in a dashboard's PromQL: identifiers outside selectors, ranges and grouping clauses that are not functions, keywords or durations. */
export function dashboardMetricNames(dashboard: { panels: { targets: { expr: string }[] }[] }): string[] {
  const keywords = new Set([
    'by',
    'without',
    'offset',
    'bool',
    'and',
    'or',
    'unless',
    'on',
    'ignoring',
    'group_left',
    'group_right',
  ]);
  const names = new Set<string>();
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      const bare = target.expr
        .replace(/\{[^}]*\}/g, ' ')
        .replace(/\[[^\]]*\]/g, ' ')
        .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
        .replace(/\boffset\s+\w+/g, ' ');
      for (const match of bare.matchAll(/\b([a-zA-Z_][a-zA-Z0-9_]*)\b(?!\s*\()/g)) {
        if (!keywords.has(match[1])) names.add(match[1]);
      }
    }
  }
  return [...names].sort();
}
