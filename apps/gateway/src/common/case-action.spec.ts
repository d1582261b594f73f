import { ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from './api-error';
import { uuidPipe } from './case-action';

describe('uuidPipe', () => {
  const pipe = uuidPipe('id');
  const param = { type: 'param' as const, data: 'id' };

  it('takes any hexadecimal UUID, as PostgreSQL does: the md5-derived ids of the alerts have no RFC version digit', async () => {
    // md5('')::uuid — version digit 0, variant 'e': what read-model-writer.ts and the key-person alerts store.
    await expect(pipe.transform('d41d8cd9-8f00-b204-e980-0998ecf8427e', param)).resolves.toBe(
      'd41d8cd9-8f00-b204-e980-0998ecf8427e',
    );
    await expect(pipe.transform('0190F5A2-7C1B-7D3E-9A4B-5C6D7E8F9A0B', param)).resolves.toBe(
      '0190F5A2-7C1B-7D3E-9A4B-5C6D7E8F9A0B',
    );
  });

  it.each([
    'not-a-uuid',
    'd41d8cd9-8f00-b204-e980-0998ecf8427',
    'd41d8cd98f00b204e9800998ecf8427e',
    'g41d8cd9-8f00-b204-e980-0998ecf8427e',
  ])('refuses %j with VALIDATION_FAILED naming the parameter', async (value) => {
    const refused = await pipe.transform(value, param).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).getResponse()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: ['id: must be a UUID'],
    });
  });

  it('stays a ParseUUIDPipe, which the OpenAPI completion reads to declare the path pattern', () => {
    expect(pipe).toBeInstanceOf(ParseUUIDPipe);
  });
});
