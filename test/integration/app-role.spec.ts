import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { APP_ROLE, appRoleUrl, createDataSource, ensureAppRole } from '@app/persistence';
import { AuditRepository } from '@app/persistence/repositories/audit.repository';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { testConfig } from '../support/test-stack';

describe('the application role (real PostgreSQL)', () => {
  const url = testConfig().databaseUrl!;
  let admin: DataSource;
  let app: DataSource;

  beforeAll(async () => {
    admin = createDataSource(url, 2);
    await admin.initialize();
    const password = `pw-${randomUUID()}`;
    await ensureAppRole(admin, password);
    app = createDataSource(appRoleUrl(url, password), 2);
    await app.initialize();
  });
  afterAll(async () => {
    await app?.destroy();
    await admin?.destroy();
  });

  it('appends events and keeps the read models, as the app does', async () => {
    const caseId = randomUUID();
    await new CaseEventRepository(app).append({
      caseId,
      seq: 1,
      type: 'DisputeReported',
      at: new Date().toISOString(),
      actor: { userId: randomUUID(), role: 'CLERK' },
      payload: {
        channel: 'WALK_IN',
        category: 'OTHER',
        summary: 's',
        description: 'd',
        gridCode: 'JF-C01-G01',
        address: 'a',
        urgent: false,
        parties: [],
        severity: 'NORMAL',
        slaClass: 'GENERAL',
        stage: 'DISCOVERY',
      },
    });
    await expect(app.query('UPDATE cases SET summary = $2 WHERE id = $1', [caseId, 'x'])).resolves.toBeDefined();
    await expect(app.query('SELECT current_user AS who')).resolves.toEqual([{ who: APP_ROLE }]);
  });

  it('may not UPDATE, DELETE or TRUNCATE the event store or the acknowledgements: the database refuses', async () => {
    for (const sql of [
      `UPDATE case_events SET type = 'X' WHERE false`,
      'DELETE FROM case_events WHERE false',
      'TRUNCATE case_events',
      'DELETE FROM alert_acknowledgements WHERE false',
    ]) {
      await expect(app.query(sql)).rejects.toThrow(/permission denied/);
    }
  });

  it('appends to the audit trail but may not UPDATE, DELETE or TRUNCATE it', async () => {
    const audit = new AuditRepository(app);
    const id = await audit.append({ kind: 'SIGN_IN', actorUsername: 'app-role-test', details: { via: 'app role' } });
    await expect(app.query('SELECT kind FROM audit_events WHERE id = $1', [id])).resolves.toEqual([
      { kind: 'SIGN_IN' },
    ]);
    for (const sql of [
      `UPDATE audit_events SET kind = 'X' WHERE id = '${id}'`,
      `DELETE FROM audit_events WHERE id = '${id}'`,
      'TRUNCATE audit_events',
    ]) {
      await expect(app.query(sql)).rejects.toThrow(/permission denied/);
    }
  });

  it('refuses changes of the audit trail even to the table owner (triggers)', async () => {
    const id = await new AuditRepository(admin).append({ kind: 'SIGN_IN', actorUsername: 'owner-test' });
    await expect(admin.query(`UPDATE audit_events SET kind = 'X' WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(admin.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(admin.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(admin.query('SELECT kind FROM audit_events WHERE id = $1', [id])).resolves.toEqual([
      { kind: 'SIGN_IN' },
    ]);
  });

  it('refuses the same through SET ROLE inside a superuser session', async () => {
    await expect(
      admin.transaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
        await tx.query(`UPDATE case_events SET type = type WHERE false`);
      }),
    ).rejects.toThrow(/permission denied for table case_events/);
  });
});
