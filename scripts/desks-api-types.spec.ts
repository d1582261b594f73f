import { readFileSync } from 'fs';
import * as path from 'path';
import { DESK_API_TYPES_FILE, generateDeskApiTypes, repositoryRoot } from './desks-api-types';

describe("the desks' API types", () => {
  it("match the gateway's OpenAPI document", async () => {
    const committed = readFileSync(path.join(repositoryRoot(), DESK_API_TYPES_FILE), 'utf8').split('\n');
    const generated = (await generateDeskApiTypes()).split('\n');
    const line = generated.findIndex((text, i) => text !== committed[i]);
    if (line >= 0 || committed.length !== generated.length) {
      const at = line >= 0 ? line : Math.min(committed.length, generated.length);
      throw new Error(
        `${DESK_API_TYPES_FILE} is stale: run \`npm run desks:api-types\` and commit it.\n` +
          `first difference at line ${at + 1}:\n  committed: ${committed[at] ?? '(end)'}\n  generated: ${generated[at] ?? '(end)'}`,
      );
    }
  });
});
