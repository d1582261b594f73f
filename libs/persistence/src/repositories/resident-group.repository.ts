import type { DataSource } from 'typeorm';

/** A resident group (居民小组) within a grid: the unit a REPORTER (民情联络员) reports for. */
export interface ResidentGroup {
  code: string;
  name: string;
  gridCode: string;
  active: boolean;
}

const COLUMNS = `code, name, grid_code AS "gridCode", active`;

export class ResidentGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<ResidentGroup[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM resident_groups ORDER BY grid_code, code`);
  }

  async find(code: string): Promise<ResidentGroup | null> {
    const [row]: ResidentGroup[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM resident_groups WHERE code = $1`,
      [code],
    );
    return row ?? null;
  }

  /** False when the code is taken. */
  async create(group: Omit<ResidentGroup, 'active'>): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO resident_groups (code, name, grid_code) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [group.code, group.name, group.gridCode],
    );
    return rows.length === 1;
  }

  /** The group of a REPORTER account, with its grid; null when the account has none. */
  async ofUser(userId: string): Promise<ResidentGroup | null> {
    const [row]: ResidentGroup[] = await this.dataSource.query(
      `SELECT g.code, g.name, g.grid_code AS "gridCode", g.active FROM users u JOIN resident_groups g ON g.code = u.resident_group_code WHERE u.id = $1`,
      [userId],
    );
    return row ?? null;
  }
}
