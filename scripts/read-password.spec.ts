import { PassThrough } from 'stream';
import { readPassword } from './read-password';

/** A terminal as the script sees it: isTTY, raw mode recorded, keys arriving as typed. */
function fakeTerminal() {
  const input = new PassThrough() as PassThrough & {
    isTTY: boolean;
    setRawMode: (on: boolean) => void;
    rawModes: boolean[];
  };
  input.isTTY = true;
  input.rawModes = [];
  input.setRawMode = (on: boolean) => void input.rawModes.push(on);
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input, output, shown: () => shown };
}

describe('readPassword', () => {
  it('on a terminal: asks twice in raw mode and echoes nothing of the password', async () => {
    const t = fakeTerminal();
    const read = readPassword(t.input as unknown as NodeJS.ReadStream, t.output);
    t.input.write('secret-passx\u007f\r'); // a typo taken back with backspace
    await new Promise((resolve) => setImmediate(resolve));
    t.input.write('secret-pass\r');
    await expect(read).resolves.toBe('secret-pass');
    expect(t.shown()).toBe('Password: \nPassword again: \n');
    expect(t.input.rawModes).toEqual([true, false, true, false]);
  });

  it('on a terminal: refuses two different passwords', async () => {
    const t = fakeTerminal();
    const read = readPassword(t.input as unknown as NodeJS.ReadStream, t.output);
    t.input.write('first-password\r');
    await new Promise((resolve) => setImmediate(resolve));
    t.input.write('other-password\r');
    await expect(read).rejects.toThrow(/the two passwords differ/);
  });

  it('from a pipe: the first line', async () => {
    const input = new PassThrough();
    const read = readPassword(input as unknown as NodeJS.ReadStream, new PassThrough());
    input.end('piped-password-1\nignored\n');
    await expect(read).resolves.toBe('piped-password-1');
  });
});
