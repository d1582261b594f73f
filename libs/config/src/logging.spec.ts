import { Writable } from 'stream';
import { createLogger, maskPersonalDataInText } from './logging';

function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('log lines', () => {
  it('mask mobile and ID numbers wherever they stand', () => {
    expect(maskPersonalDataInText('{"msg":"duplicate key (phone)=(13812345678)","id":"110101199003071234"}')).toBe(
      '{"msg":"duplicate key (phone)=(138****5678)","id":"110101********1234"}',
    );
    expect(maskPersonalDataInText('+8613812345678 and 11010119900307123X')).toBe('+138****5678 and 110101********123X');
  });

  it('leave times, durations, UUIDs and case numbers alone', () => {
    const line =
      '{"time":"2026-12-01T15:22:00.000Z","ms":1796138555393,"id":"0b1c2d3e-4f50-4162-8374-958697a8b9c0","caseNo":"JF-2026-000123"}';
    expect(maskPersonalDataInText(line)).toBe(line);
  });

  it('redact secrets and personal data by key, and mask the rest of the line', () => {
    const { lines, stream } = captured();
    const logger = createLogger('log', 'gateway', stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        body: {
          password: 'hunter2-hunter2',
          parties: [{ name: '张三', phone: '13900001111', idNumber: '330102199001011234' }],
        },
        detail: 'call 13700002222',
      },
      'sign-in',
    );
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 30, app: 'gateway', msg: 'sign-in', detail: 'call 137****2222' });
    expect(entry.req.headers.authorization).toBe('[redacted]');
    expect(entry.body).toEqual({
      password: '[redacted]',
      parties: [{ name: '[redacted]', phone: '[redacted]', idNumber: '[redacted]' }],
    });
    expect(lines[0]).not.toMatch(/abc\.def|hunter2|张三|13900001111|330102199001011234/);
  });
});
