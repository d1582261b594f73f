import { DataSource } from 'typeorm';
import type { RoutingRule } from '@app/domain/routing/routing-rules';

interface RoutingRuleRow {
  category: string;
  grid_level: string | null;
  severity: string | null;
  center_code: string;
  unit_level: string;
  sla_class: string;
}

/** The ADMIN-editable routing table (DOMAIN.md "Routing"), in row order. */
export class RoutingRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(): Promise<RoutingRule[]> {
    const rows: RoutingRuleRow[] = await this.dataSource.query(
      `SELECT category, grid_level, severity, center_code, unit_level, sla_class FROM routing_rules ORDER BY position`,
    );
    return rows.map((row) => {
      const rule = {
        category: row.category,
        centerCode: row.center_code,
        unitLevel: row.unit_level,
        slaClass: row.sla_class,
      } as RoutingRule;
      // An omitted grid level or severity stays omitted: '*' and "not given" read back as written.
      if (row.grid_level !== null) rule.gridLevel = row.grid_level as RoutingRule['gridLevel'];
      if (row.severity !== null) rule.severity = row.severity as RoutingRule['severity'];
      return rule;
    });
  }

  /**
   * Replaces the whole table in one transaction. Callers validate first (validateRoutingRules):
   * the table is written as given. Concurrent replacements queue on the table lock instead of
   * colliding on row positions; readers are not blocked.
   */
  async replace(rules: readonly RoutingRule[], updatedBy: string | null): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('LOCK TABLE routing_rules IN SHARE ROW EXCLUSIVE MODE');
      await tx.query('DELETE FROM routing_rules');
      for (const [i, rule] of rules.entries()) {
        await tx.query(
          `INSERT INTO routing_rules (position, category, grid_level, severity, center_code, unit_level, sla_class, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            i + 1,
            rule.category,
            rule.gridLevel ?? null,
            rule.severity ?? null,
            rule.centerCode,
            rule.unitLevel,
            rule.slaClass,
            updatedBy,
          ],
        );
      }
    });
  }
}
