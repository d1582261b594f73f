import { shapeProblem } from './validation';

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
});
