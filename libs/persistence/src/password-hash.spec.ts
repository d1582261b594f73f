import { randomBytes } from 'crypto';
import { dummyPasswordHash, hashPassword, legacyScryptHash, needsRehash, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('stores argon2id at OWASP parameters (m=19 MiB, t=2, p=1), verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('demo-pass-2026');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('demo-pass-2026');
    await expect(verifyPassword('demo-pass-2026', stored)).resolves.toBe(true);
    await expect(verifyPassword('demo-pass-2027', stored)).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toEqual(await hashPassword('same'));
  });

  it('still verifies a hash of the old scheme (scrypt N=2^15), and asks for it to be replaced', async () => {
    const old = await legacyScryptHash('demo-pass-2026', randomBytes(16));
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('demo-pass-2026', old)).resolves.toBe(true);
    await expect(verifyPassword('demo-pass-2027', old)).resolves.toBe(false);
    expect(needsRehash(old)).toBe(true);
    // Weaker argon2 parameters are replaced too.
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toBe(true);
  });

  it('refuses a stored value of another scheme, or one whose parameters this code never wrote', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', '$argon2id$garbage')).resolves.toBe(false);
    const old = await legacyScryptHash('x', randomBytes(16));
    await expect(verifyPassword('x', old.replace('scrypt$32768$', 'scrypt$1048576$'))).resolves.toBe(false);
  });

  it('has a dummy hash at the current parameters, matching no password', async () => {
    const dummy = await dummyPasswordHash();
    expect(needsRehash(dummy)).toBe(false);
    expect(await dummyPasswordHash()).toBe(dummy);
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
  });
});
