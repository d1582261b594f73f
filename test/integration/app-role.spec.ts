import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { APP_ROLE, appRoleUrl, createDataSource, ensureAppRole } from '@app/persistence';
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
      payload: { channel: 'WALK_IN', category: 'OTHER', summary: 's', description: 'd', gridCode: 'JF-C01-G01', address: 'a', urgent: false, parties: [], severity: 'NORMAL', slaClass: 'GENERAL', stage: 'DISCOVERY' },
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

  it('refuses the same through SET ROLE inside a superuser session', async () => {
    await expect(
      admin.transaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
        await tx.query(`UPDATE case_events SET type = type WHERE false`);
      }),
    ).rejects.toThrow(/permission denied for table case_events/);
  });
});
