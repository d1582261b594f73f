import { DataSource } from 'typeorm';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';

/** A staff account as an ADMIN manages it. The password hash never leaves the repository. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  centerCode: string | null;
  unitIds: string[];
  supervisorLevel: number | null;
  gridCode: string | null;
  /** REPORTER: the resident group (居民小组) they report for. */
  residentGroupCode: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewStaffAccount {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  centerCode: string | null;
  unitIds: string[];
  supervisorLevel: number | null;
  gridCode: string | null;
  residentGroupCode: string | null;
}

export type StaffAccountChanges = Partial<Omit<NewStaffAccount, 'id' | 'username'> & { active: boolean }>;

const COLUMNS = `id, username, display_name, roles, center_code, unit_ids, supervisor_level, grid_code, resident_group_code, active, created_at, updated_at`;

const CHANGE_COLUMNS: Record<keyof StaffAccountChanges, string> = {
  displayName: 'display_name',
  passwordHash: 'password_hash',
  roles: 'roles',
  centerCode: 'center_code',
  unitIds: 'unit_ids',
  supervisorLevel: 'supervisor_level',
  gridCode: 'grid_code',
  residentGroupCode: 'resident_group_code',
  active: 'active',
};

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  center_code: string | null;
  unit_ids: string[];
  supervisor_level: number | null;
  grid_code: string | null;
  resident_group_code: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * Account management for the ADMIN routes (UserRepository keeps the sign-in look-ups). Every
 * query names its columns, so no password hash is ever read back out.
 */
export class UserAdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * By username in byte order (the same on every cluster, whatever its locale); `nextCursor`
   * continues after the last account served.
   */
  async list(page: PageRequest): Promise<Page<StaffAccount>> {
    const limit = pageLimit(page.limit);
    const params = new SqlParams();
    let where = '';
    if (page.cursor) {
      const { key, id } = decodeCursor(page.cursor, 'text');
      where = `WHERE (username COLLATE "C", id) > (${params.add(key)} COLLATE "C", ${params.add(id)}::uuid)`;
    }
    const rows: (AccountRow & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, username AS cursor_key FROM users ${where} ORDER BY username COLLATE "C", id LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return toPage(rows, limit, toAccount);
  }

  async findById(id: string): Promise<StaffAccount | null> {
    const rows: AccountRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** The new account, or null when the username is taken. */
  async create(account: NewStaffAccount): Promise<StaffAccount | null> {
    const rows: AccountRow[] = await this.dataSource.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, center_code, unit_ids, supervisor_level, grid_code, resident_group_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (username) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        account.id,
        account.username,
        account.displayName,
        account.passwordHash,
        account.roles,
        account.centerCode,
        account.unitIds,
        account.supervisorLevel,
        account.gridCode,
        account.residentGroupCode,
      ],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** The account after the change, or null when there is no such account. */
  async update(id: string, changes: StaffAccountChanges): Promise<StaffAccount | null> {
    const params = new SqlParams();
    const sets = (Object.keys(changes) as (keyof StaffAccountChanges)[])
      .filter((field) => changes[field] !== undefined)
      .map((field) => `${CHANGE_COLUMNS[field]} = ${params.add(changes[field])}`);
    // A password set by an ADMIN ends every session of the account, as the person's own change does.
    if (changes.passwordHash !== undefined) sets.push('session_version = session_version + 1');
    // TypeORM answers an UPDATE on PostgreSQL as [returned rows, row count].
    const [rows]: [AccountRow[], number] = await this.dataSource.query(
      `UPDATE users SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = ${params.add(id)} RETURNING ${COLUMNS}`,
      params.values,
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }
}

function toAccount(row: AccountRow): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    centerCode: row.center_code,
    unitIds: row.unit_ids,
    supervisorLevel: row.supervisor_level,
    gridCode: row.grid_code,
    residentGroupCode: row.resident_group_code,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
