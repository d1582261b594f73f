import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { backupFolderName, parseBackupArgs, UsageError } from './backup';
import { devServerProfileMessage, embeddedRestoreLayout, temporalPgPort } from './backup-locate';
import {
  databaseOf,
  readManifest,
  sameServer,
  toolConnection,
  verifyBackup,
  withDatabase,
  type BackupManifest,
} from './backup-restore';
import { parseToolVersion } from './pg-client';
import { parseRestoreArgs } from './restore';

describe('backup and restore: arguments, locations, manifests', () => {
  it('reads the backup options and refuses what it does not know', () => {
    expect(parseBackupArgs([])).toEqual({});
    expect(parseBackupArgs(['--out', '/x/y', '--settle-ms', '500'])).toEqual({ out: '/x/y', settleMs: 500 });
    expect(() => parseBackupArgs(['--out'])).toThrow(new UsageError('--out needs a value'));
    expect(() => parseBackupArgs(['--settle-ms', '-1'])).toThrow('--settle-ms must be 0 … 60000, got "-1"');
    expect(() => parseBackupArgs(['--force'])).toThrow('unknown argument "--force"');
  });

  it('reads the restore folder, positional or --from, exactly one', () => {
    expect(parseRestoreArgs(['backups/a'])).toEqual({ from: 'backups/a' });
    expect(parseRestoreArgs(['--from', 'backups/b'])).toEqual({ from: 'backups/b' });
    expect(() => parseRestoreArgs([])).toThrow('usage: npm run restore -- <backup folder>');
    expect(() => parseRestoreArgs(['a', 'b'])).toThrow('usage: npm run restore -- <backup folder>');
    expect(() => parseRestoreArgs(['--into', 'x'])).toThrow('unknown argument "--into"');
  });

  it('names backup folders by time, sortable and without colons', () => {
    expect(backupFolderName(new Date('2026-12-01T15:04:05.678Z'))).toBe('2026-12-01T15-04-05Z');
  });

  it("keeps the password out of the tools' arguments", () => {
    expect(toolConnection('postgres://owner:s%3Acret@db.example:5432/mediation')).toEqual({
      args: ['--dbname=postgres://owner@db.example:5432/mediation'],
      env: { PGPASSWORD: 's:cret' },
    });
    expect(toolConnection('postgres://owner@db:5432/mediation').env).toEqual({});
  });

  it('tells servers and databases apart', () => {
    expect(withDatabase('postgres://u:p@h:5433/mediation', 'temporal')).toBe('postgres://u:p@h:5433/temporal');
    expect(databaseOf('postgres://u:p@h:5433/temporal_visibility')).toBe('temporal_visibility');
    expect(sameServer('postgres://a@h:5433/x', 'postgres://b:c@h:5433/postgres')).toBe(true);
    expect(sameServer('postgres://a@h/x', 'postgres://a@h:5432/y')).toBe(true);
    expect(sameServer('postgres://a@h:5433/x', 'postgres://a@h:5435/x')).toBe(false);
  });

  it("reads a tool's major version", () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 17.10\n')).toBe(17);
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n')).toBe(15);
    expect(parseToolVersion('nonsense')).toBeUndefined();
  });

  it('says what a backup is for the dev-server profile, naming the postgres profile', () => {
    const message = devServerProfileMessage({ dataDir: '/srv/data' });
    expect(message).toContain('covers the postgres profile only');
    expect(message).toContain('/srv/data/temporal/temporal.sqlite');
    expect(message).toContain('TEMPORAL_DATABASE_URL');
    expect(message).toContain('copy /srv/data whole');
    expect(devServerProfileMessage({ dataDir: '/srv/data', temporalAddress: 't:7233' })).toContain(
      'TEMPORAL_ADDRESS t:7233',
    );
  });

  it('restores only into a fresh cluster', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-layout-'));
    try {
      const layout = await embeddedRestoreLayout({ dataDir, embeddedPgPort: 1 }, true, { TEMPORAL_PG_PORT: '2' });
      expect(layout).toEqual({
        engine: { dataDir: path.join(dataDir, 'postgres'), port: 1 },
        temporal: { dataDir: path.join(dataDir, 'temporal-postgres'), port: 2 },
      });
      fs.mkdirSync(path.join(dataDir, 'postgres'));
      fs.writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '17\n');
      await expect(embeddedRestoreLayout({ dataDir, embeddedPgPort: 1 }, false, {})).rejects.toThrow(
        `${path.join(dataDir, 'postgres')} already holds a PostgreSQL cluster`,
      );
      expect(() => temporalPgPort({ TEMPORAL_PG_PORT: 'x' })).toThrow('TEMPORAL_PG_PORT must be a port number');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a folder without a manifest, and a dump that is not the one the backup wrote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-verify-'));
    try {
      expect(() => readManifest(dir)).toThrow('not a backup folder written by npm run backup');
      const databases = ['engine', 'temporal', 'temporal_visibility'].map((role) => {
        fs.writeFileSync(path.join(dir, `${role}.dump`), role);
        return {
          role,
          database: role,
          file: `${role}.dump`,
          bytes: role.length,
          sha256: createHash('sha256').update(role).digest('hex'),
          server: 'engine',
        };
      });
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 1, databases }));
      const manifest = readManifest(dir) as BackupManifest;
      await expect(verifyBackup(dir, manifest)).resolves.toBeUndefined();
      fs.writeFileSync(path.join(dir, 'temporal.dump'), 'tampered');
      await expect(verifyBackup(dir, manifest)).rejects.toThrow('temporal.dump is not the file the backup wrote');
      fs.writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({ format: 1, databases: databases.slice(0, 2) }),
      );
      expect(() => readManifest(dir)).toThrow('lists no temporal_visibility dump');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
