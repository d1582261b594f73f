import { DataSource, In } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  findActiveByUsername(username: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ username, active: true });
  }

  findActiveById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id, active: true });
  }

  /** Display names by id, for naming the people of a case (inactive accounts too: their acts stay theirs). */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids)].filter((id) => UUID.test(id));
    if (uuids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .find({ select: { id: true, displayName: true }, where: { id: In(uuids) } });
    return new Map(rows.map((row) => [row.id, row.displayName]));
  }

  /** The active mediators of a unit's pool, by name. */
  activeMediatorsOf(unitId: string): Promise<{ id: string; displayName: string }[]> {
    return this.dataSource.query(
      `SELECT id, display_name AS "displayName" FROM users
        WHERE active AND 'MEDIATOR' = ANY(roles) AND $1::uuid = ANY(unit_ids)
        ORDER BY display_name, id`,
      [unitId],
    );
  }
}

/** Actor ids are user ids, or `system` / `party`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
