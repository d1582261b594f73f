import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_VARIABLES } from '@app/config';

describe('README configuration table', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

  it.each(CONFIG_VARIABLES.map((v) => [v.name, v.default]))('documents %s with its default', (name, fallback) => {
    expect(readme).toContain(`| \`${name}\` | ${fallback} |`);
  });
});
