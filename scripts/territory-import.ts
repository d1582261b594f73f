import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { formatOfFile } from '@app/persistence/territory-file';
import { createDataSource } from '@app/persistence/data-source';
import { importTerritoryFile, TerritoryImportError } from '@app/persistence/territory-import';
import { locateStack } from '@app/stack';

/**
 * `npm run territory:import -- <file.json|file.csv>` (in the image: `node
 * dist/scripts/territory-import.js <file>`): loads a territory file (docs/territory.md) into the
 * stack's database, all or nothing in one transaction; running it again with the same file
 * changes nothing. Every problem is printed with its line and field, and nothing is written.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) {
    console.error('usage: npm run territory:import -- <file.json|file.csv>   (see docs/territory.md)');
    return 64;
  }
  const file = path.resolve(args[0]);
  const format = formatOfFile(file);
  if (!format) {
    console.error(`${args[0]}: a territory file ends in .json or .csv`);
    return 64;
  }
  if (!fs.existsSync(file)) {
    console.error(`${args[0]}: no such file`);
    return 66;
  }
  const text = fs.readFileSync(file, 'utf8');
  const config = loadConfig();
  const stack = await locateStack(config, {
    temporal: false,
    startPostgres: 'existing',
    log: (line) => console.log(line),
  });
  const dataSource = createDataSource(stack.databaseUrl, 1);
  try {
    await dataSource.initialize();
    const [{ ready }] = await dataSource.query(`SELECT to_regclass('public.grids') IS NOT NULL AS ready`);
    if (!ready) {
      console.error('the database has no schema yet: run npm run migrate (or npm start) first; nothing was imported');
      return 1;
    }
    const result = await importTerritoryFile(dataSource, text, format);
    const counts = (c: typeof result.created) =>
      `${c.centers} centers, ${c.communities} communities, ${c.grids} grids, ${c.units} units`;
    console.log(
      `${args[0]}: imported. Created ${counts(result.created)}; updated ${counts(result.updated)}; ${result.unchanged} unchanged.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof TerritoryImportError) {
      console.error(`${args[0]}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
