import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 parts 3 and 4 (docs/key-persons.md):
 * - the key-person register (重点人员): the persons, their visits (走访), the visit interval of
 *   each risk level (data an ADMIN edits), the alerts their missed visits raised (the source the
 *   alerts table is rebuilt from: those alerts come from no case event), and the links of cases
 *   whose party matched a key person at intake;
 * - resident groups (居民小组) within grids, and the group a REPORTER account reports for.
 */
export class KeyPersonsAndReporters1796139946835 implements MigrationInterface {
  name = 'KeyPersonsAndReporters1796139946835';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE key_person_visit_policy (
        risk_level text PRIMARY KEY CHECK (risk_level IN ('HIGH', 'MEDIUM', 'LOW')),
        visit_interval text NOT NULL,
        level2_after text NOT NULL,
        level3_after text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`
      INSERT INTO key_person_visit_policy (risk_level, visit_interval, level2_after, level3_after)
      VALUES ('HIGH', 'P7D', 'P1D', 'P3D'), ('MEDIUM', 'P30D', 'P1D', 'P3D'), ('LOW', 'P90D', 'P1D', 'P3D')`);
    await q.query(`
      CREATE TABLE key_persons (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        phone text,
        id_number text,
        reason text NOT NULL,
        note text,
        risk_level text NOT NULL CHECK (risk_level IN ('HIGH', 'MEDIUM', 'LOW')),
        grid_code text NOT NULL REFERENCES grids (code),
        responsible_id uuid NOT NULL REFERENCES users (id),
        center_code text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        registered_at timestamptz NOT NULL DEFAULT now(),
        registered_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT key_persons_identified CHECK (phone IS NOT NULL OR id_number IS NOT NULL)
      )`);
    await q.query('CREATE INDEX key_persons_by_phone ON key_persons (phone) WHERE active AND phone IS NOT NULL');
    await q.query(
      'CREATE INDEX key_persons_by_id_number ON key_persons (upper(id_number)) WHERE active AND id_number IS NOT NULL',
    );
    await q.query('CREATE INDEX key_persons_listed ON key_persons (registered_at DESC, id DESC)');
    await q.query(`
      CREATE TABLE key_person_visits (
        id uuid PRIMARY KEY,
        key_person_id uuid NOT NULL REFERENCES key_persons (id),
        visited_at timestamptz NOT NULL,
        visited_by uuid NOT NULL,
        note text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX key_person_visits_by_person ON key_person_visits (key_person_id, visited_at DESC)');
    await q.query(`
      CREATE TABLE key_person_alert_log (
        key_person_id uuid NOT NULL REFERENCES key_persons (id),
        seq integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WARNING', 'ESCALATION')),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
        center_code text NOT NULL,
        deadline timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        PRIMARY KEY (key_person_id, seq)
      )`);
    await q.query(`
      CREATE TABLE case_key_person_links (
        case_id uuid NOT NULL,
        key_person_id uuid NOT NULL REFERENCES key_persons (id),
        matched_on text[] NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, key_person_id)
      )`);
    await q.query(`
      CREATE TABLE resident_groups (
        code text PRIMARY KEY,
        name text NOT NULL,
        grid_code text NOT NULL REFERENCES grids (code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('ALTER TABLE users ADD COLUMN resident_group_code text REFERENCES resident_groups (code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS resident_group_code');
    await q.query(`DELETE FROM alerts WHERE reason = 'KEY_PERSON_VISIT'`);
    for (const table of [
      'resident_groups',
      'case_key_person_links',
      'key_person_alert_log',
      'key_person_visits',
      'key_persons',
      'key_person_visit_policy',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
