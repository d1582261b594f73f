import { temporalBackendOf } from './start';

describe('npm start arguments', () => {
  it('runs the dev server unless --temporal postgres asks for the server on PostgreSQL', () => {
    expect(temporalBackendOf([])).toBe('dev');
    expect(temporalBackendOf(['--temporal', 'postgres'])).toBe('postgres');
    expect(temporalBackendOf(['--temporal=postgres'])).toBe('postgres');
    expect(temporalBackendOf(['--temporal', 'dev'])).toBe('dev');
  });

  it.each([[['--temporal']], [['--temporal', 'sqlite']], [['--temporal=']], [['--postgres']]])(
    'refuses %j with a message naming the choices',
    (args) => {
      expect(() => temporalBackendOf(args)).toThrow(
        /--temporal must be dev or postgres|npm start takes --temporal dev\|postgres/,
      );
    },
  );
});
