import { MAX_NESTING, shapeProblem } from './validation';

describe('shapeProblem: the shape a body or query must have before its DTO is checked', () => {
  it.each([
    [{}, undefined],
    [{ summary: 'x', parties: [{ name: 'a' }] }, undefined],
    [[], 'body: must be a JSON object'],
    [[{ summary: 'x' }], 'body: must be a JSON object'],
    ['text', 'body: must be a JSON object'],
    [42, 'body: must be a JSON object'],
    [null, 'body: must be a JSON object'],
    [JSON.parse('{"__proto__": {"admin": true}}'), '__proto__: unknown field'],
    [{ constructor: { prototype: {} } }, 'constructor: unknown field'],
    [JSON.parse('{"parties": [{"name": "a", "__proto__": {}}]}'), 'parties.0.__proto__: unknown field'],
    [{ note: { prototype: 1 } }, 'note.prototype: unknown field'],
    [{ tags: ['constructor'] }, undefined],
  ])('%j → %s', (value, expected) => {
    expect(shapeProblem(value, 'body')).toBe(expected);
  });

  it('refuses a body nested past MAX_NESTING levels, however deep, without exhausting the stack', () => {
    const deep = JSON.parse(`{"summary":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(shapeProblem(deep, 'body')).toBe(
      `summary${'.0'.repeat(MAX_NESTING - 1)}: nested deeper than ${MAX_NESTING} levels`,
    );
    const fine = { rules: [{ stage: 'HANDLING', steps: { level2: { ms: 1 } } }] };
    expect(shapeProblem(fine, 'body')).toBeUndefined();
  });
});
