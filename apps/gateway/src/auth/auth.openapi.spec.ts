import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocumentOffline } from '../openapi/openapi-document';

type Response = {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: { $ref?: string } }>;
};
type Operation = {
  responses: Record<string, Response>;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
};

/** The sign-in routes as the OpenAPI document states them: every status they answer, Retry-After on the refusals. */
describe('the OpenAPI document of the sign-in routes', () => {
  let document: OpenAPIObject;
  const post = (path: string) => (document.paths[path] as Record<string, Operation>).post;

  beforeAll(async () => {
    document = await openApiDocumentOffline();
  });

  it("declares login's 429 (throttled or locked) and 503 (hasher busy) with Retry-After and the error body", () => {
    const login = post('/api/auth/login');
    expect(login.security).toBeUndefined();
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '401', '413', '429', '503']);
    for (const status of ['429', '503']) {
      expect(login.responses[status].headers).toHaveProperty('Retry-After');
      expect(login.responses[status].content?.['application/json'].schema.$ref).toMatch(/ApiErrorBodyDto$/);
    }
  });

  it('declares the password change (200 with a new token, 400, 401, 422, 429, 503) and logout (204, 401), both behind a token', () => {
    const change = post('/api/auth/password');
    expect(change.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(change.responses).sort()).toEqual(['200', '400', '401', '413', '422', '429', '503']);
    expect(change.responses['200'].content?.['application/json'].schema.$ref).toMatch(/LoginResponseDto$/);
    expect(change.requestBody?.content['application/json'].schema.$ref).toMatch(/ChangePasswordDto$/);
    const schema = document.components!.schemas!.ChangePasswordDto as {
      properties: Record<string, { minLength?: number; maxLength?: number }>;
    };
    expect(schema.properties.newPassword).toMatchObject({ minLength: 12, maxLength: 256 });

    const logout = post('/api/auth/logout');
    expect(logout.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(logout.responses).sort()).toEqual(['204', '401']);
  });

  it('asks the admin API for passwords of 12 to 256 characters', () => {
    for (const name of ['CreateUserDto', 'UpdateUserDto']) {
      const schema = document.components!.schemas![name] as {
        properties: Record<string, { minLength?: number; maxLength?: number }>;
      };
      expect({ name, ...schema.properties.password }).toMatchObject({ name, minLength: 12, maxLength: 256 });
    }
  });
});
