import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { fastify, type FastifyInstance, type InjectOptions } from 'fastify';
import { ACCESS_KINDS, ACCESS_METADATA } from 'src/organizations/access.decorator';
import { type RegisteredRoute, sharedTestApp, type TestApp } from '../support/test-app';

interface Route {
  name: string;
  access: unknown;
}

/** Every route handler the app registered, with the access it declares (method or class). */
function registeredRoutes(testApp: TestApp): Route[] {
  const modules = [...testApp.app.get(ModulesContainer).values()];
  return modules.flatMap((module) =>
    [...module.controllers.values()].flatMap((wrapper) => {
      const controller = wrapper.metatype as (abstract new () => object) | null;
      if (!controller || Reflect.getMetadata(PATH_METADATA, controller) === undefined) {
        return [];
      }
      const prototype = controller.prototype as Record<string, unknown>;
      return Object.getOwnPropertyNames(prototype)
        .map((method) => prototype[method])
        .filter(
          (handler): handler is { name: string } =>
            typeof handler === 'function' &&
            Reflect.getMetadata(METHOD_METADATA, handler) !== undefined,
        )
        .map((handler) => ({
          name: `${controller.name}.${handler.name}`,
          access:
            Reflect.getMetadata(ACCESS_METADATA, handler) ??
            Reflect.getMetadata(ACCESS_METADATA, controller),
        }));
    }),
  );
}

/**
 * The controllers' routes as the router was given them: not HEAD (Fastify adds one per GET), nor
 * Swagger UI's own files, nor the admin UI's catch-all.
 */
function controllerRoutes(testApp: TestApp): RegisteredRoute[] {
  return testApp.routes.filter(
    (route) =>
      !route.methods.includes('HEAD') && !route.url.startsWith('/api/docs') && route.url !== '/*',
  );
}

/** A router like the app's (same options), each route answering its own pattern. */
async function patternRouter(
  testApp: TestApp,
  routes: RegisteredRoute[],
): Promise<FastifyInstance> {
  const { routerOptions = {} } = testApp.app.getHttpAdapter().getInstance().initialConfig as {
    routerOptions?: { ignoreTrailingSlash?: boolean; maxParamLength?: number };
  };
  const router = fastify({
    routerOptions: {
      ignoreTrailingSlash: routerOptions.ignoreTrailingSlash,
      maxParamLength: routerOptions.maxParamLength,
    },
  });
  for (const route of routes) {
    router.route({ method: route.methods, url: route.url, handler: () => route.url });
  }
  await router.ready();
  return router;
}

/** A concrete path the route answers: each `:param` filled with a value no literal segment has. */
function samplePath(path: string): string {
  return path.replace(/:[A-Za-z_]\w*/g, 'some-value-1');
}

/** Deny by default (docs/architecture.md, "Access"): no route may leave out who may call it. */
describe('Registered routes', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('are all found (the scan reaches every controller)', () => {
    const names = registeredRoutes(testApp).map((route) => route.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'RecordsController.listRecords',
        'HealthController.getHealth',
        'AuthController.login',
        'ApiKeysController.createApiKey',
      ]),
    );
  });

  it('each declare who may call them with @Access', () => {
    const undeclared = registeredRoutes(testApp)
      .filter((route) => !(ACCESS_KINDS as readonly unknown[]).includes(route.access))
      .map((route) => route.name);
    expect(undeclared).toEqual([]);
  });

  it('are public only for health, sign-in, completing a password reset and the OpenAPI document', () => {
    const open = registeredRoutes(testApp)
      .filter((route) => route.access === 'public')
      .map((route) => route.name)
      .sort();
    expect(open).toEqual([
      'AuthController.completePasswordReset',
      'AuthController.login',
      'HealthController.getHealth',
      'HealthController.getLiveness',
      'HealthController.getReadiness',
      // Its fixed part only, until a credential adds the caller's objects (openapi.controller.ts).
      'OpenApiController.getOpenApiDocument',
      'OpenApiController.getOpenApiDocumentYaml',
    ]);
  });

  it('each answer their own paths: no route is reached through another one of its method', async () => {
    const routes = controllerRoutes(testApp);
    const router = await patternRouter(testApp, routes);
    const shadowed: string[] = [];
    for (const route of routes) {
      for (const method of route.methods) {
        const answer = await router.inject({
          method: method as InjectOptions['method'],
          url: samplePath(route.url),
        });
        if (answer.body !== route.url) {
          shadowed.push(`${method} ${route.url} is answered by ${answer.body}`);
        }
      }
    }
    await router.close();
    expect(routes.length).toBeGreaterThan(50);
    expect(shadowed).toEqual([]);
  });
});
