import { parseArguments, passwordProblem } from './admin-create';

describe('admin:create arguments and password', () => {
  it('takes the username, a display name and a password file', () => {
    expect(parseArguments(['--username', 'chief', '--display-name', '系统管理员', '--password-file=/run/pw'])).toEqual({
      username: 'chief',
      displayName: '系统管理员',
      passwordFile: '/run/pw',
    });
    expect(parseArguments(['--username=chief'])).toEqual({
      username: 'chief',
      displayName: 'chief',
      passwordFile: undefined,
    });
  });

  it('refuses a password on the command line, unknown arguments, a missing or malformed username', () => {
    expect(() => parseArguments(['--username', 'chief', '--password', 'x'])).toThrow(
      /never taken from the command line/,
    );
    expect(() => parseArguments(['--username', 'chief', '--password=x'])).toThrow(/never taken from the command line/);
    expect(() => parseArguments(['--user', 'chief'])).toThrow(/unknown argument "--user"/);
    expect(() => parseArguments([])).toThrow(/--username is required/);
    expect(() => parseArguments(['--username', '-bad name'])).toThrow(/1 to 64 letters/);
    expect(() => parseArguments(['--username'])).toThrow(/--username needs a value/);
  });

  it('refuses a password under 12 characters, over 256, or with white space at its ends', () => {
    expect(passwordProblem('eleven-char')).toMatch(/too short: at least 12 characters \(got 11\)/);
    expect(passwordProblem('twelve-chars')).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toMatch(/too long/);
    expect(passwordProblem(' twelve-chars ')).toMatch(/white space/);
  });
});
