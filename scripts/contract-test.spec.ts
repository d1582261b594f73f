import { consoleLine, isPytestClosing } from './contract-test';

describe('the contract test console output', () => {
  it("rewords Schemathesis' pytest-style closing line, which CI's recorder reads as a run of no test", () => {
    const closing =
      '================================================= 4 warnings in 29.44s =================================================';
    expect(isPytestClosing(closing)).toBe(true);
    expect(consoleLine(closing)).toBe('-- Schemathesis closed: 4 warnings (29.44 s)');
    expect(isPytestClosing(consoleLine(closing))).toBe(false);
    expect(consoleLine('======= 3 failures, 2 warnings in 41.2s =======')).toBe(
      '-- Schemathesis closed: 3 failures, 2 warnings (41.2 s)',
    );
  });

  it('leaves every other line as Schemathesis printed it', () => {
    for (const line of [
      '======================================================= SUMMARY ========================================================',
      '  4642 generated, 4642 passed, 12 skipped',
      ' ✅  Coverage (in 23.00s)',
      '',
    ]) {
      expect(isPytestClosing(line)).toBe(false);
      expect(consoleLine(line)).toBe(line);
    }
  });
});
