import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { scrypt, timingSafeEqual } from 'crypto';

/**
 * Passwords are stored as argon2id at OWASP's current minimum (Password Storage Cheat Sheet:
 * m=19 MiB, t=2, p=1), in the PHC string form `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`, so the
 * parameters travel with the hash. Hashes of the earlier scheme (`scrypt$N$r$p$salt$hash`, N=2^15)
 * still verify, and `needsRehash` tells the sign-in to store a new hash in their place.
 */
export const ARGON2_PARAMETERS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The fewest characters a new password may have (ASVS 5.0 6.2.1). */
export const PASSWORD_MIN_LENGTH = 12;
/** The most: argon2 takes any length, but a megabyte-long "password" is an attack on the hasher. */
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}$`;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_PARAMETERS);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await argon2Verify(stored, password);
    } catch {
      return false; // a malformed stored value is no match
    }
  }
  if (stored.startsWith('scrypt$')) return verifyLegacyScrypt(password, stored);
  return false;
}

/** A stored hash of another scheme or weaker parameters: replace it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2_PREFIX);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of no one's password, at the current parameters: an unknown or inactive username is
 * verified against it, so that it takes as long to refuse as a wrong password of a real account.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`no account ${Math.random()}`);
  return dummyHash;
}

// The scheme before argon2id (kept to verify old hashes until they are replaced).
const SCRYPT_KEY_LENGTH = 32;
const SCRYPT_MAX_MEMORY = 64 * 1024 * 1024;

function verifyLegacyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  const cost = Number(n);
  // Only the parameters this code ever wrote: a stored value must not choose the work done.
  if (cost !== 32768 || Number(r) !== 8 || Number(p) !== 1 || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64');
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      Buffer.from(salt, 'base64'),
      SCRYPT_KEY_LENGTH,
      { N: cost, r: 8, p: 1, maxmem: SCRYPT_MAX_MEMORY },
      (error, key) =>
        error ? reject(error) : resolve(key.length === expected.length && timingSafeEqual(key, expected)),
    ),
  );
}

/** An old-scheme hash, as the code before argon2id wrote them (for the upgrade's tests). */
export function legacyScryptHash(password: string, salt: Buffer): Promise<string> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT_KEY_LENGTH, { N: 32768, r: 8, p: 1, maxmem: SCRYPT_MAX_MEMORY }, (error, key) =>
      error
        ? reject(error)
        : resolve(['scrypt', 32768, 8, 1, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
}
