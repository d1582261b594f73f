/**
 * A UUID (version 8, "custom") made of the first 122 bits of a hex digest: the id of a record
 * derived from its request's Idempotency-Key operation, so that a retry meets the first attempt's
 * record (a case, a key person, a visit, a screening drive) instead of making another.
 */
export function uuidOf(digest: string): string {
  const variant = ((parseInt(digest[16], 16) & 0x3) | 0x8).toString(16);
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}
