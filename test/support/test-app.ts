import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { ApiKeysService } from 'src/access/api-keys.service';
import { AuthenticationService } from 'src/access/authentication.service';
import { MembersService } from 'src/access/members.service';
import { createApp, initApp } from 'src/app.setup';
import { SystemDefinitionsBootstrap } from 'src/association-definitions/system-definitions.bootstrap';
import { serveAdminUi } from 'src/common/http/admin-ui';
import { loadAppConfig, type AppConfig, type DatabaseLimits } from 'src/config/app-config';
import { createDataSource } from 'src/database/data-source';
import { OpenApiService } from 'src/openapi/openapi.service';
import { BUILT_IN_PERMISSIONS } from 'src/organizations/permissions';
import { systemContext, type RequestContext } from 'src/organizations/request-context';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { OpenApiResponseValidator } from './openapi-response-validator';
import {
  APP_SERVER_URL_VARIABLE,
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  SERVER_URL_VARIABLE,
  TEMPLATE_VARIABLE,
  testDatabaseName,
  withClient,
} from './test-database';

/** A member with a password, ready to sign in. */
export interface TestMember {
  memberId: string;
  email: string;
  password: string;
}

/**
 * The headers of a signed-in browser (the session cookie and the CSRF header), plus who signed
 * in; `memberId` and `email` are not enumerable, so `.set(session)` sends just the headers.
 */
export type TestSession = Record<string, string> & {
  Cookie: string;
  'X-Requested-With': string;
  readonly memberId: string;
  readonly email: string;
};

export interface TestOrganization {
  id: string;
  slug: string;
  /** The owner's context (services called directly act as the owner). */
  context: RequestContext;
  /** Headers that make a request act for this organization: the owner's API key. */
  headers: Record<string, string>;
  /** Headers of a new API key of this organization with a role or explicit scopes. */
  as(access: string | { scopes: string[] }): Promise<Record<string, string>>;
  /** A new member with that role and a password. */
  member(role: string): Promise<TestMember>;
  /** A new member with that role, signed in: send the result as headers. */
  signIn(role: string): Promise<TestSession>;
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  /** supertest against the app, without a network port. */
  http: () => ReturnType<typeof request>;
  /** A new organization with the system objects registered: each test makes its own. */
  createOrganization(): Promise<TestOrganization>;
  /** Listens on a free loopback port (for clients that need a URL); returns the base URL. */
  listen(): Promise<string>;
  /** Checks every response to /api/objects/… against the OpenAPI document. */
  responses: OpenApiResponseValidator;
  /** Every route the HTTP router was given, in the order it was given them. */
  routes: RegisteredRoute[];
  /** Stops the app; fails listing every response that disagreed with the OpenAPI document. */
  close(): Promise<void>;
}

export interface RegisteredRoute {
  methods: string[];
  url: string;
}

/** Set by the integration tier's set-up (light-runner-setup.mjs): a worker outlives its files. */
const SHARED_APPS = Symbol.for('plinth.test.sharedApps');

let sharedApp: Promise<TestApp> | undefined;

/**
 * The app of this worker, shared by every test file it runs (each test makes its own
 * organization, so they do not see each other): one start per worker instead of one per file.
 * `close()` reports the file's responses that disagreed with the OpenAPI document and leaves the
 * app running; the global teardown drops its database. Where workers do not outlive their files
 * (Jest's own runner) it is `startTestApp()`.
 */
export async function sharedTestApp(): Promise<TestApp> {
  if ((globalThis as Record<symbol, unknown>)[SHARED_APPS] !== true) {
    return startTestApp();
  }
  sharedApp ??= startTestApp().catch((error: unknown) => {
    sharedApp = undefined;
    throw error;
  });
  const testApp = await sharedApp;
  return {
    ...testApp,
    async close() {
      failOnViolations(await testApp.responses.takeViolations());
    },
  };
}

function failOnViolations(violations: string[]): void {
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} responses disagree with the OpenAPI document:\n${violations.join('\n')}`,
    );
  }
}

/**
 * The real app on a fresh copy of the migrated template database, with the server's database
 * limits (timeouts) unless the test sets some of them.
 */
export async function startTestApp(
  overrides: Partial<Omit<AppConfig, 'database'>> & { database?: Partial<DatabaseLimits> } = {},
  options: Parameters<typeof createApp>[2] & {
    /** A built admin UI to serve at `/`, as main.ts does (the browser tests). */
    adminUiDir?: string;
  } = {},
): Promise<TestApp> {
  const serverUrl = process.env[SERVER_URL_VARIABLE];
  const template = process.env[TEMPLATE_VARIABLE];
  if (!serverUrl || !template) {
    throw new Error('The Jest global set-up did not run (integration and contract projects only)');
  }
  const database = testDatabaseName(template);
  await recreateDatabase(serverUrl, database, template);
  const config = loadAppConfig();
  const limits = { ...config.database, poolSize: 10, ...overrides.database };
  const appServerUrl = process.env[APP_SERVER_URL_VARIABLE] ?? serverUrl;
  const dataSource = createDataSource(databaseUrl(appServerUrl, database), limits.poolSize, limits);
  await dataSource.initialize();
  // A test file sends hundreds of requests a minute from one address: the rate limit is raised
  // (as an operator would) unless a test sets its own. Automatic indexes are decided only where a
  // test asks (`evaluate()`): a background evaluation would take pool connections at random.
  const app = await createApp(
    dataSource,
    {
      ...config,
      logLevel: 'error',
      rateLimitPerMinute: 1_000_000,
      autoIndexes: { ...config.autoIndexes, isEnabled: false },
      ...overrides,
      database: limits,
    },
    options,
  );
  // Every response to /api/objects/… is checked against the OpenAPI document its caller gets.
  const responses = new OpenApiResponseValidator(async (credentials) => {
    const authenticated = await app.get(AuthenticationService).authenticate(credentials);
    return authenticated ? app.get(OpenApiService).getDocument(authenticated.context) : undefined;
  });
  responses.attach(app.getHttpAdapter().getInstance());
  const routes: RegisteredRoute[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      routes.push({ methods: [route.method].flat(), url: route.url });
    });
  if (options.adminUiDir !== undefined && !(await serveAdminUi(app, options.adminUiDir))) {
    throw new Error(`${options.adminUiDir} has no index.html (npm run build)`);
  }
  await initApp(app);
  return {
    app,
    dataSource,
    http: () => request(app.getHttpServer()),
    createOrganization: () => createTestOrganization(app),
    async listen() {
      if (!app.getHttpServer().listening) {
        await app.listen(0, '127.0.0.1');
      }
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return `http://127.0.0.1:${port}`;
    },
    responses,
    routes,
    async close() {
      const step = slowStepReporter(serverUrl, database);
      let violations: string[];
      try {
        violations = await step('checking responses', () => responses.violations());
      } finally {
        await step('closing the app', () => app.close());
        await step('closing the pool', () => dataSource.destroy());
        await step('dropping the database', () => dropDatabase(serverUrl, database));
      }
      failOnViolations(violations);
    },
  };
}

/** How long a step of `close()` may take before what it waits for is printed. */
const SLOW_CLOSE_MS = 10_000;

/**
 * Runs `close()`'s steps; one still running after {@link SLOW_CLOSE_MS} prints its name and the
 * test database's sessions (what each waits for), so a teardown that hangs in CI says why.
 */
function slowStepReporter(serverUrl: string, database: string) {
  return async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const timer = setTimeout(() => {
      void describeSessions(serverUrl, database).then((sessions) => {
        process.stderr.write(
          `test app close: ${name} is still running after ${SLOW_CLOSE_MS} ms; sessions of ${database}:\n${sessions}\n`,
        );
      });
    }, SLOW_CLOSE_MS);
    timer.unref();
    try {
      return await work();
    } finally {
      clearTimeout(timer);
    }
  };
}

async function describeSessions(serverUrl: string, database: string): Promise<string> {
  try {
    const rows = await withClient(serverUrl, (client) =>
      client.query<Record<string, unknown>>(
        `SELECT pid, backend_type, state, wait_event_type, wait_event,
                now() - xact_start AS in_transaction, left(query, 200) AS query
           FROM pg_stat_activity WHERE datname = $1`,
        [database],
      ),
    );
    return rows.rows.map((row) => JSON.stringify(row)).join('\n') || '(none)';
  } catch (error) {
    return `(could not read pg_stat_activity: ${(error as Error).message})`;
  }
}

/**
 * A provisioned organization with an owner (no password: no argon2 cost per test) and the
 * owner's API key in `headers`, so requests authenticate like an integrator's.
 */
async function createTestOrganization(app: NestFastifyApplication): Promise<TestOrganization> {
  const slug = `test-${randomUUID()}`;
  const organization = await app.get(SystemDefinitionsBootstrap).provisionOrganization(slug, slug);
  const members = app.get(MembersService);
  const keys = app.get(ApiKeysService);
  const system = systemContext(organization.id);
  const { member: owner } = await members.addMember(system, {
    email: `owner-${randomUUID()}@example.com`,
    role: 'owner',
  });
  const context: RequestContext = {
    organizationId: organization.id,
    actor: { kind: 'member', id: owner.id, userId: owner.userId },
    memberId: owner.id,
    role: 'owner',
    permissions: BUILT_IN_PERMISSIONS.owner,
  };
  const keyHeaders = async (
    access: string | { scopes: string[] },
    memberId: string | null,
  ): Promise<Record<string, string>> => {
    const { key } = await keys.createApiKey(
      { ...context, memberId },
      typeof access === 'string'
        ? { name: `test ${access}`, role: access }
        : { name: 'test scopes', scopes: access.scopes },
    );
    return { Authorization: `Bearer ${key}` };
  };
  const member = async (role: string): Promise<TestMember> => {
    const email = `member-${randomUUID()}@example.com`;
    const password = `password-${randomUUID()}`;
    const { member: created } = await members.addMember(system, { email, role, password });
    return { memberId: created.id, email, password };
  };
  return {
    id: organization.id,
    slug,
    context,
    headers: await keyHeaders('owner', owner.id),
    as: async (access) => {
      // A key made by a member with that role, so "own" scopes reach that member's records.
      const maker =
        typeof access === 'string'
          ? (
              await members.addMember(system, {
                email: `key-${randomUUID()}@example.com`,
                role: access,
              })
            ).member.id
          : owner.id;
      return keyHeaders(access, maker);
    },
    member,
    async signIn(role) {
      const created = await member(role);
      const response = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ email: created.email, password: created.password, organization: organization.id });
      if (response.status !== 200) {
        throw new Error(`signing in answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
      const cookies = [response.headers['set-cookie'] ?? []].flat();
      const cookie = cookies.map((line) => String(line).split(';')[0]).join('; ');
      const session = { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' };
      return Object.defineProperties(session, {
        memberId: { value: created.memberId, enumerable: false },
        email: { value: created.email, enumerable: false },
      }) as TestSession;
    },
  };
}
