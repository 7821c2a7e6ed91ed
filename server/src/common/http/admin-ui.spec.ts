import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { serveAdminUi } from './admin-ui';

@Module({})
class EmptyModule {}

describe(serveAdminUi.name, () => {
  let dir: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plinth-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'style.css'), 'body{}');
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    expect(await serveAdminUi(app, dir)).toBe(true);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves pages and files with a CSP that allows inline styles but only own scripts', async () => {
    for (const path of ['/', '/deal/123/show', '/app.js', '/assets/style.css']) {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers a file with its own content and any other page with index.html', async () => {
    const script = await request(app.getHttpServer()).get('/app.js').expect(200);
    expect(script.text).toBe('console.log(1)');
    expect(script.headers['cache-control']).toContain('max-age=3600');
    const versioned = await request(app.getHttpServer()).get('/app.js?v=2').expect(200);
    expect(versioned.text).toBe('console.log(1)');
    const page = await request(app.getHttpServer()).get('/deal/123/show').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<div id="root">');
  });

  it('leaves API paths and files outside the build to the 404', async () => {
    await request(app.getHttpServer()).get('/api/nothing-here').expect(404);
    await request(app.getHttpServer()).get('/api?filter=x').expect(404);
    await request(app.getHttpServer()).get('/crm/v3/nothing').expect(404);
    const escaped = await request(app.getHttpServer()).get('/..%2Fpackage.json').expect(200);
    expect(escaped.text).toContain('<div id="root">');
  });
});
