import { KeyObject } from 'crypto';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@app/config';
import { jwtOptionsOf } from './auth.module';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.service';

describe('the JWT options', () => {
  const secret = 'a-test-secret-of-enough-length-0123456789';
  const config = loadConfig({ JWT_SECRET: secret });

  it('hand the secret over as a KeyObject, so no verification tries it as a public key first', () => {
    const options = jwtOptionsOf(config);
    expect(options.secret).toBeInstanceOf(KeyObject);
    expect((options.secret as KeyObject).type).toBe('secret');
  });

  it('verify tokens signed with the secret as a string, and sign tokens the string verifies: the same key', async () => {
    const jwt = new JwtService(jwtOptionsOf(config));
    // As the module was configured before: the same secret as a string.
    const withString = new JwtService({ ...jwtOptionsOf(config), secret });
    const otherSecret = new JwtService({ ...jwtOptionsOf(config), secret: `${secret}x` });
    const fromString = await withString.signAsync({ sub: 'u1' });
    expect(await jwt.verifyAsync(fromString)).toMatchObject({ sub: 'u1', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    const fromKey = await jwt.signAsync({ sub: 'u2' });
    expect(await withString.verifyAsync(fromKey)).toMatchObject({ sub: 'u2' });
    await expect(otherSecret.verifyAsync(fromKey)).rejects.toThrow('invalid signature');
  });
});
