import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { findFreePort } from 'src/database/embedded-postgres';
import { aDeal } from '../support/factories';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'server', 'src', 'main.ts');
const REGISTER = join(ROOT, 'test', 'support', 'swc-register.js');
const LIMIT = 20;

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own, so node:cluster hands it to the next worker. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...headers,
          connection: 'close',
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((child) => child > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

async function eventually<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('not reached in time');
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

/** `npm start` with PLINTH_WORKERS=2 on the test database; resolves once both workers listen. */
async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PLINTH_WORKERS: '2',
      PLINTH_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      PLINTH_WEBHOOK_WORKER: 'off',
      LOG_LEVEL: 'log',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('2 worker processes serve the port')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`the server exited (${code}): ${output.slice(-2000)}`));
    });
  });
  return child;
}

/** Issue 18: PLINTH_WORKERS runs several server processes on one port (docs/scaling.md). */
describe('Worker processes (PLINTH_WORKERS=2)', () => {
  let testApp: TestApp;
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    testApp = await startTestApp();
    const { url } = testApp.dataSource.options as { url: string };
    port = await findFreePort();
    server = await startServer(url, port);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGKILL');
    }
    await testApp.close();
  });

  it('serves the port from two worker processes under one primary', async () => {
    expect(childPids(server.pid ?? 0)).toHaveLength(2);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(port, 'GET', '/api/health', {})),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toMatchObject({
      workers: { listening: 2, expected: 2 },
    });
  });

  it('counts one rate limit for a caller whichever worker serves it', async () => {
    const organization: TestOrganization = await testApp.createOrganization();
    const statuses: number[] = [];
    // Each request on a new connection: the workers take turns, so with a budget per process
    // all of these would pass (about LIMIT + 4 split over two).
    for (let i = 0; i < LIMIT + 4; i++) {
      statuses.push((await send(port, 'GET', '/api/objects/deal', organization.headers)).status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429, 429]);
  });

  it('shows a definition changed through one worker on every worker', async () => {
    const organization = await testApp.createOrganization();
    const added = await send(
      port,
      'POST',
      '/api/object-definitions/deal/properties',
      organization.headers,
      { name: 'worker_note', type: 'text', label: 'Worker note' },
    );
    expect(added.status).toBe(201);
    // Both workers accept the new property (each caches definitions; NOTIFY refreshes them).
    for (let i = 0; i < 4; i++) {
      const created = await eventually(async () => {
        const answer = await send(
          port,
          'POST',
          '/api/objects/deal',
          organization.headers,
          aDeal({ worker_note: 'seen' }),
        );
        return answer.status === 201 ? answer : undefined;
      });
      expect(JSON.parse(created.body)).toMatchObject({ worker_note: 'seen' });
    }
  });

  it('starts another worker when one dies, and keeps serving', async () => {
    const before = childPids(server.pid ?? 0);
    process.kill(before[1] ?? 0, 'SIGKILL');
    const after = await eventually(() => {
      const pids = childPids(server.pid ?? 0);
      return Promise.resolve(
        pids.length === 2 && !pids.includes(before[1] ?? 0) ? pids : undefined,
      );
    });
    expect(after).toContain(before[0]);
    const answers = await eventually(async () => {
      const statuses = await Promise.all(
        Array.from({ length: 4 }, () => send(port, 'GET', '/api/health', {}).then((a) => a.status)),
      );
      return statuses.every((status) => status === 200) ? statuses : undefined;
    });
    expect(answers).toHaveLength(4);
  }, 60_000);

  it('stops every worker on SIGTERM and exits 0', async () => {
    const workers = childPids(server.pid ?? 0);
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
  }, 60_000);
});
