import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { serveAdminUi } from './admin-ui';

@Module({})
class EmptyModule {}

describe(serveAdminUi.name, () => {
  let dir: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plinth-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    app = await NestFactory.create<NestExpressApplication>(EmptyModule, { logger: false });
    expect(serveAdminUi(app, dir)).toBe(true);
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves pages and files with a CSP that allows inline styles but only own scripts', async () => {
    for (const path of ['/', '/deal/123/show', '/app.js']) {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
