import * as fs from 'fs';
import * as path from 'path';

/**
 * The browser tests run the built code, as `npm start` does: the stack helpers, the migrations
 * and the seed are loaded from dist/ (Playwright's own TypeScript transform knows no decorator
 * metadata, which the TypeORM entities need). The types come from the sources.
 */

/** The checkout: the nearest folder up with a package.json (also when a script compiles this file into dist/). */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = path.dirname(dir);
  }
  return dir;
})();
export const DIST = path.join(ROOT, 'dist');

export const APP_ENTRIES = { worker: 'apps/worker/src/main.js', gateway: 'apps/gateway/src/main.js' } as const;

/** A clear message instead of a require error when dist/ is missing. */
export function requireBuilt(): void {
  const missing = [...Object.values(APP_ENTRIES), 'libs/stack/src/index.js', 'libs/persistence/src/index.js']
    .map((entry) => path.join(DIST, entry))
    .filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first (npm test does)`);
}

function load<T>(relative: string): T {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(file)) throw new Error(`${file} missing: run \`npm run build\` first (npm test does)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

export const built = {
  config: () => load<typeof import('@app/config')>('libs/config/src/index.js'),
  stack: () => load<typeof import('@app/stack')>('libs/stack/src/index.js'),
  persistence: () => load<typeof import('@app/persistence')>('libs/persistence/src/index.js'),
  slaSettings: () =>
    load<typeof import('@app/persistence/repositories/sla-settings.repository')>(
      'libs/persistence/src/repositories/sla-settings.repository.js',
    ),
  contracts: () => load<typeof import('@app/contracts')>('libs/contracts/src/index.js'),
  territory: () => load<typeof import('@app/domain/territory')>('libs/domain/src/territory/index.js'),
};
