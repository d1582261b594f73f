import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { DesksModule, desksRoot } from './desks.module';

@Controller('api/things')
class ThingsController {
  @Get()
  list() {
    return { items: [] };
  }
}

describe('DesksModule: the desks at / beside the API', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'desks-'));
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    @Module({ imports: [DesksModule.forRoot(root)], controllers: [ThingsController] })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    app.useGlobalFilters(new HttpExceptionFilter());
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['/', '/counter', '/p/ABCD2345', '/counter/cases/1?x=1'])(
    'answers the app at %s (deep links fall back to index.html)',
    async (page) => {
      const response = await fetch(base + page);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="app">');
    },
  );

  it('serves the hashed assets as immutable', async () => {
    const response = await fetch(`${base}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it("leaves the API alone: its routes answer, and an unknown /api path is the API's JSON 404", async () => {
    expect(await (await fetch(`${base}/api/things`)).json()).toEqual({ items: [] });
    for (const page of ['/api/unknown', '/api', '/api/things/1/nothing', '/health', '/metrics', '/docs-json']) {
      const response = await fetch(base + page);
      expect([page, response.status]).toEqual([page, 404]);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('finds the build beside the compiled gateway and from the sources', () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'dist-'));
    try {
      mkdirSync(path.join(dist, 'desks'));
      writeFileSync(path.join(dist, 'desks', 'index.html'), '');
      expect(desksRoot(path.join(dist, 'apps', 'gateway', 'src'))).toBe(path.join(dist, 'desks'));
      expect(desksRoot(path.join(path.dirname(dist), 'apps', 'gateway', 'src'))).toBeUndefined();
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('looks, by default, for the build of this checkout (dist/desks), never at the sources', () => {
    const built = path.resolve(__dirname, '../../../../dist/desks');
    expect(desksRoot()).toBe(existsSync(path.join(built, 'index.html')) ? built : undefined);
  });
});
