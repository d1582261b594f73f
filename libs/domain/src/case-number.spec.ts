import {
  RECEIPT_ALPHABET,
  formatCaseNo,
  isValidReceiptCode,
  normalizeReceiptCode,
  receiptCodeFromBytes,
} from './case-number';

describe('case numbers', () => {
  it('pads the sequence to six digits', () => {
    expect(formatCaseNo('JF', 2026, 123)).toBe('JF-2026-000123');
    expect(formatCaseNo('JF', 2027, 999_999)).toBe('JF-2027-999999');
  });

  it.each([
    ['JF', 2026, 0],
    ['JF', 2026, 1_000_000],
    ['JF', 2026, 1.5],
    ['JF', 26, 1],
    ['jf', 2026, 1],
    ['', 2026, 1],
    ['J-F', 2026, 1],
  ])('refuses %p, %p, %p', (street, year, seq) => {
    expect(() => formatCaseNo(street, year, seq)).toThrow(RangeError);
  });
});

describe('receipt codes', () => {
  it('has 32 distinct symbols and none of the look-alikes 0, O, 1, I', () => {
    expect(new Set(RECEIPT_ALPHABET).size).toBe(32);
    for (const c of '0O1I') expect(RECEIPT_ALPHABET).not.toContain(c);
  });

  it('maps 40 bits to 8 symbols: all zero bits to the first symbol, all ones to the last', () => {
    expect(receiptCodeFromBytes(new Uint8Array(5))).toBe('AAAAAAAA');
    expect(receiptCodeFromBytes(new Uint8Array(5).fill(255))).toBe('99999999');
    expect(receiptCodeFromBytes(Uint8Array.from([0, 0, 0, 0, 1]))).toBe('AAAAAAAB');
    expect(receiptCodeFromBytes(Uint8Array.from([0, 0, 0, 0, 1, 99, 99]))).toBe('AAAAAAAB');
  });

  it('uses every symbol equally often in every position', () => {
    // Walking one 5-bit window through all 32 values hits each symbol once: no symbol is favoured.
    for (let position = 0; position < 8; position++) {
      const seen = new Set<string>();
      for (let v = 0; v < 32; v++) {
        const bits = BigInt(v) << BigInt(5 * position);
        const bytes = Uint8Array.from([4, 3, 2, 1, 0].map((i) => Number((bits >> BigInt(8 * i)) & 255n)));
        seen.add(receiptCodeFromBytes(bytes)[7 - position]);
      }
      expect(seen.size).toBe(32);
    }
  });

  it('gives different codes for different bytes and validates its own output', () => {
    const a = receiptCodeFromBytes(Uint8Array.from([1, 2, 3, 4, 5]));
    const b = receiptCodeFromBytes(Uint8Array.from([1, 2, 3, 4, 6]));
    expect(a).not.toBe(b);
    expect(isValidReceiptCode(a)).toBe(true);
    expect(isValidReceiptCode('ABCDEFG0')).toBe(false);
    expect(isValidReceiptCode('ABCDEFG')).toBe(false);
    expect(isValidReceiptCode('abcdefgh')).toBe(false);
  });

  it('needs five bytes', () => {
    expect(() => receiptCodeFromBytes(new Uint8Array(4))).toThrow(RangeError);
  });

  it('normalizes what a party types', () => {
    expect(normalizeReceiptCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeReceiptCode('A1BCIEFG')).toBe('ALBCLEFG');
    expect(normalizeReceiptCode('ABCDEFG0')).toBeUndefined();
    expect(normalizeReceiptCode('ABCDEFGHJ')).toBeUndefined();
  });
});
