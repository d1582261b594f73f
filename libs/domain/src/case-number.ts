/**
 * Human-facing numbers of a case (DOMAIN.md "Intake rules"). Pure: the caller supplies the
 * sequence (gap-free, from the database) and the random bytes (from a CSPRNG).
 */

const STREET_CODE = /^[A-Z][A-Z0-9]*$/;

/** `JF-2026-000123`; `year` is the office (Shanghai) year of acceptance. */
export function formatCaseNo(streetCode: string, year: number, seq: number): string {
  if (!STREET_CODE.test(streetCode))
    throw new RangeError(`street code must be upper-case letters and digits: '${streetCode}'`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`case year must have four digits: ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`case sequence out of range: ${seq}`);
  return `${streetCode}-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * 32 symbols: digits and upper-case letters without 0, O, 1 and I. Excluding L as well would leave
 * 31 symbols and force rejection sampling; instead L is the only member of the 1/I/L family, so
 * normalizeReceiptCode reads a typed 1 or I as L. 32 = 2^5: each character takes exactly 5 random
 * bits with no modulo bias, 8 characters are 40 bits.
 */
export const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const RECEIPT_CODE_LENGTH = 8;
/** Random bytes a receipt code consumes (40 bits). */
export const RECEIPT_RANDOM_BYTES = 5;

/** 8 characters from the first 5 random bytes; extra bytes are ignored. */
export function receiptCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < RECEIPT_RANDOM_BYTES)
    throw new RangeError(`a receipt code needs ${RECEIPT_RANDOM_BYTES} random bytes`);
  let bits = 0n;
  for (let i = 0; i < RECEIPT_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(bytes[i]);
  let code = '';
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i++) {
    code = RECEIPT_ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code;
}

const RECEIPT_PATTERN = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_CODE_LENGTH}}$`);

export function isValidReceiptCode(code: string): boolean {
  return RECEIPT_PATTERN.test(code);
}

/**
 * A code as a party types it (any case, spaces or dashes, 1 or I for L) in canonical form, or
 * undefined when it cannot be a receipt code.
 */
export function normalizeReceiptCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[1I]/g, 'L');
  return isValidReceiptCode(code) ? code : undefined;
}
