import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import 'reflect-metadata';
import { ApiKeysService } from 'src/access/api-keys.service';
import { createApp, initApp } from 'src/app.setup';
import { loadAppConfig } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { migrate } from 'src/database/database-connection';
import { ensureDatabase, startEmbeddedPostgres } from 'src/database/embedded-postgres';
import { existingCluster } from 'src/database/embedded-postgres-cluster';
import { runningCluster, stopCluster } from 'src/database/embedded-postgres-process';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { systemContext } from 'src/organizations/request-context';
import request from 'supertest';

/**
 * Real embedded clusters in a temporary data dir, used by this process and by child processes
 * that stand in for other Plinth servers (test/support/embedded-postgres-holder.ts).
 */
const ROOT = join(__dirname, '..', '..');
const HOLDER = join(ROOT, 'test', 'support', 'embedded-postgres-holder.ts');
const REGISTER = join(ROOT, 'test', 'support', 'swc-register.js');

let dataDir: string;
const pgdata = (): string => join(dataDir, 'pgdata');

interface Holder {
  child: ChildProcess;
  serverUrl: string;
  isOwner: boolean;
  exited: Promise<void>;
}

/** Another process on the cluster of `dataDir`, once it has joined or started it. */
async function startHolder(): Promise<Holder> {
  const child = spawn(process.execPath, ['-r', REGISTER, HOLDER, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const ready = await new Promise<{ serverUrl: string; isOwner: boolean }>(
    (resolveReady, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^READY (.*)$/m.exec(output)?.[1];
        if (line) {
          resolveReady(JSON.parse(line) as { serverUrl: string; isOwner: boolean });
        }
      });
      child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${output}`)));
    },
  );
  return { child, exited, ...ready };
}

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'plinth-lifecycle-'));
  // mkdtemp makes it private; as root, the postgres account must enter it (see the last test).
  chmodSync(dataDir, 0o755);
});

afterAll(async () => {
  const cluster = await existingCluster(dataDir, 'pgdata');
  if (cluster) {
    await stopCluster(cluster, 'immediate');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe(startEmbeddedPostgres.name, () => {
  it('starts one cluster when two processes start at once, and both use it', async () => {
    const [first, second] = await Promise.all([
      startEmbeddedPostgres(dataDir),
      startEmbeddedPostgres(dataDir),
    ]);
    expect([first.isOwner, second.isOwner].sort()).toEqual([false, true]);
    expect(second.serverUrl).toBe(first.serverUrl);
    await first.stop();
    await second.stop();
    expect(runningCluster(pgdata())).toBeUndefined();
  });

  it('keeps the cluster running for a second server when the first one stops', async () => {
    const first = await startHolder();
    const second = await startEmbeddedPostgres(dataDir);
    expect(first.isOwner).toBe(true);
    expect(second.isOwner).toBe(false);
    first.child.kill('SIGTERM');
    await first.exited;
    expect(await selectOne(second.serverUrl)).toBe(1);
    await second.stop();
    expect(runningCluster(pgdata())).toBeUndefined();
  });

  it('adopts the cluster of a killed server, and stops it when it leaves last', async () => {
    const killed = await startHolder();
    const { pid } = runningCluster(pgdata()) ?? { pid: 0 };
    killed.child.kill('SIGKILL');
    await killed.exited;
    const next = await startEmbeddedPostgres(dataDir);
    expect(next.isOwner).toBe(false);
    expect(next.serverUrl).toBe(killed.serverUrl);
    expect(runningCluster(pgdata())?.pid).toBe(pid);
    await next.stop();
    expect(runningCluster(pgdata())).toBeUndefined();
  });

  it('starts the cluster again on the same port when it went away, and the app answers again', async () => {
    const database = await startEmbeddedPostgres(dataDir);
    const dataSource = createDataSource(await ensureDatabase(database.serverUrl, 'plinth'), 4);
    await dataSource.initialize();
    let app: NestFastifyApplication | undefined;
    try {
      await migrate(dataSource);
      app = await createApp(dataSource, { ...loadAppConfig(), logLevel: 'error' });
      await initApp(app);
      const http = request(app.getHttpServer());
      const { key } = await app
        .get(ApiKeysService)
        .createApiKey(systemContext(await app.get(OrganizationsService).defaultOrganizationId()), {
          name: 'test',
          role: 'admin',
        });
      const authorization = `Bearer ${key}`;
      await http.get('/api/objects/deal').set('Authorization', authorization).expect(200);
      const before = runningCluster(pgdata());
      const cluster = await existingCluster(dataDir, 'pgdata');
      // A crash: the postmaster dies without a clean shutdown.
      await stopCluster(cluster!, 'immediate');
      let status = 0;
      while (status !== 200) {
        await new Promise((resolvePoll) => setTimeout(resolvePoll, 100));
        status = (
          await request(app.getHttpServer())
            .get('/api/objects/deal')
            .set('Authorization', authorization)
        ).status;
      }
      const after = runningCluster(pgdata());
      expect(after?.port).toBe(before?.port);
      expect(after?.pid).not.toBe(before?.pid);
    } finally {
      await app?.close();
      await dataSource.destroy();
      await database.stop();
    }
    expect(runningCluster(pgdata())).toBeUndefined();
  }, 120_000);

  it('keeps a throw-away cluster where the postgres account can reach it when running as root', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'plinth-private-'));
    try {
      const database = await startEmbeddedPostgres(privateDir, {
        folder: 'throw-away',
        isThrowAway: true,
      });
      expect(await selectOne(database.serverUrl)).toBe(1);
      const cluster = await existingCluster(privateDir, 'throw-away');
      if (process.getuid?.() === 0) {
        expect(cluster?.pgdata.startsWith('/var/lib/plinth/')).toBe(true);
      } else {
        expect(cluster?.pgdata).toBe(join(privateDir, 'throw-away'));
      }
      await database.stop();
      expect(() => readFileSync(join(cluster!.pgdata, 'PG_VERSION'))).toThrow();
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});
