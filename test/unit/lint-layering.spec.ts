import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

/**
 * The import layering is also an ESLint rule (eslint.config.mjs), so an editor shows it where it
 * is broken. These probes are linted as if they were files at the given paths: the rule must
 * refuse each wrong import and accept the right ones.
 */
const PROBES: { file: string; code: string; refused: boolean }[] = [
  {
    file: 'workflows/probe.ts',
    code: "import { DataSource } from 'typeorm';\nexport const x = DataSource;\n",
    refused: true,
  },
  {
    file: 'workflows/probe.ts',
    code: "import { carryMeasureTotals } from '@app/persistence/measures';\nexport const x = carryMeasureTotals;\n",
    refused: true,
  },
  {
    file: 'workflows/probe.ts',
    code: "import type { DisputeActivities } from '@app/activities/dispute.activities';\nexport type X = DisputeActivities;\n",
    refused: false,
  },
  {
    file: 'workflows/probe.ts',
    code: "import { proxyActivities } from '@temporalio/workflow';\nexport const x = proxyActivities;\n",
    refused: false,
  },
  { file: 'libs/domain/src/probe.ts', code: "import * as fs from 'fs';\nexport const x = fs;\n", refused: true },
  {
    file: 'libs/domain/src/probe.ts',
    code: "import { loadConfig } from '@app/config';\nexport const x = loadConfig;\n",
    refused: true,
  },
  {
    file: 'libs/persistence/src/probe.ts',
    code: "import { DisputeActivities } from '@app/activities/dispute.activities';\nexport const x = DisputeActivities;\n",
    refused: true,
  },
  {
    file: 'libs/persistence/src/probe.ts',
    code: "import { DataSource } from 'typeorm';\nexport const x = DataSource;\n",
    refused: false,
  },
];

describe('the import layering as an ESLint rule', () => {
  it('refuses every import that runs back up a floor or brings I/O into pure code, and allows the rest', () => {
    const script = `
      import { ESLint } from 'eslint';
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const probes = JSON.parse(process.env.PROBES);
      const out = [];
      for (const p of probes) {
        const [result] = await eslint.lintText(p.code, { filePath: ${JSON.stringify(root)} + '/' + p.file });
        out.push(result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length > 0);
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, PROBES: JSON.stringify(PROBES) },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const refused: boolean[] = JSON.parse(run.stdout.trim());
    expect(PROBES.map((p, i) => ({ file: p.file, code: p.code.split('\n')[0], refused: refused[i] }))).toEqual(
      PROBES.map((p) => ({ file: p.file, code: p.code.split('\n')[0], refused: p.refused })),
    );
  });
});
