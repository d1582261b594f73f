import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOMAIN.md "Routing" at the time of this migration: category → center, unit level, SLA class,
 * one catch-all row per category. Written out here rather than imported from the domain so the
 * migration stays what it was when it ran; a later change of the defaults is a new migration.
 */
const DEFAULT_ROWS: [category: string, centerCode: string, unitLevel: string, slaClass: string][] = [
  ['NEIGHBOR', 'TJ', 'COMMUNITY', 'SIMPLE'],
  ['FAMILY', 'TJ', 'COMMUNITY', 'GENERAL'],
  ['PROPERTY_MGMT', 'TJ', 'COMMUNITY', 'GENERAL'],
  ['LABOR', 'TJ', 'STREET', 'GENERAL'],
  ['LAND', 'TJ', 'STREET', 'GENERAL'],
  ['DEMOLITION', 'XF', 'STREET', 'MAJOR'],
  ['CONSUMER', 'TJ', 'STREET', 'SIMPLE'],
  ['TRAFFIC', 'ZZ', 'STREET', 'GENERAL'],
  ['MEDICAL', 'TJ', 'STREET', 'MAJOR'],
  ['PUBLIC_ORDER', 'ZZ', 'STREET', 'GENERAL'],
  ['PETITION', 'XF', 'STREET', 'GENERAL'],
  ['OTHER', 'WG', 'STREET', 'GENERAL'],
];

/**
 * The routing rule table, as data an ADMIN edits (PUT /api/admin/routing-rules replaces it
 * whole). Row order matters: among equally specific matches the first row wins.
 *
 * The defaults are seeded here, not by the demo seed: the table is the office's working data,
 * which a production start (no demo data) needs as much as a demo, and an intake with no rule
 * table could route nothing. Values are checked by the domain's validateRoutingRules before any
 * write, so the columns carry no CHECK lists that would need a migration per new category.
 */
export class RoutingRules1764356400000 implements MigrationInterface {
  name = 'RoutingRules1764356400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE routing_rules (
        position integer PRIMARY KEY CHECK (position > 0),
        category text NOT NULL,
        grid_level text,
        severity text,
        center_code text NOT NULL,
        unit_level text NOT NULL,
        sla_class text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    for (const [i, [category, centerCode, unitLevel, slaClass]] of DEFAULT_ROWS.entries()) {
      await q.query(
        `INSERT INTO routing_rules (position, category, center_code, unit_level, sla_class, updated_by)
         VALUES ($1, $2, $3, $4, $5, 'migration')`,
        [i + 1, category, centerCode, unitLevel, slaClass],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS routing_rules');
  }
}
