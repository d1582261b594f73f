import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findNodeLts, NODE_LTS_VERSION } from './node-lts';

describe('the current Node.js LTS of the tests and of the image', () => {
  it('is the major version the production image is built on', () => {
    const dockerfile = fs.readFileSync(path.join(__dirname, '..', 'docker', 'Dockerfile'), 'utf8');
    const image = /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m.exec(dockerfile);
    expect(image?.[1]).toBe(NODE_LTS_VERSION.split('.')[0]);
  });

  it('is looked for in the set-up cache only, and a missing one is reported as missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'node-lts-'));
    try {
      expect(findNodeLts({ MEDIATION_CACHE_DIR: empty })).toBeUndefined();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
