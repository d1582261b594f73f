import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [rel] : [];
  });
}

/** `import … from 'x'` and `import type … from 'x'`, with whether the import is type-only. */
function imports(file: string): { from: string; typeOnly: boolean }[] {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)].map((m) => ({
    from: m[2],
    typeOnly: !!m[1],
  }));
}

/**
 * The lint rule of STYLE.md: workflow code stays deterministic. Workflows import only the
 * Temporal workflow API, the shared domain and contracts, their own files, and activity types;
 * the domain and contracts they pull in import no Node built-ins and no I/O libraries.
 */
describe('workflow code imports', () => {
  const allowedInWorkflows = [/^@temporalio\/(workflow|common)$/, /^@app\/(domain|contracts)(\/.*)?$/, /^\.\//];

  it.each(tsFiles('workflows'))('%s imports only deterministic code', (file) => {
    for (const { from, typeOnly } of imports(file)) {
      if (typeOnly && from.startsWith('@app/activities')) continue;
      expect({ file, from, allowed: allowedInWorkflows.some((re) => re.test(from)) }).toEqual({
        file,
        from,
        allowed: true,
      });
    }
  });

  it.each([...tsFiles('libs/domain/src'), ...tsFiles('libs/contracts/src')])(
    '%s imports no Node built-ins or I/O',
    (file) => {
      for (const { from, typeOnly } of imports(file)) {
        const allowed =
          typeOnly ||
          from.startsWith('.') ||
          /^@app\/(domain|contracts)/.test(from) ||
          /^@temporalio\/(workflow|common)$/.test(from);
        expect({ file, from, allowed }).toEqual({ file, from, allowed: true });
      }
    },
  );
});
