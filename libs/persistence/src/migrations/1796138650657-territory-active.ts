import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['centers', 'communities', 'grids', 'units'];

/**
 * Territory rows are deactivated, never deleted: cases, accounts and events keep referring to
 * them. An inactive grid takes no new report, an inactive unit receives no routing, an inactive
 * community or center is left out of the forms; what already refers to them stays readable.
 */
export class TerritoryActive1796138650657 implements MigrationInterface {
  name = 'TerritoryActive1796138650657';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN active boolean NOT NULL DEFAULT true`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} DROP COLUMN active`);
  }
}
