import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KINDS, ACCESS_METADATA } from 'src/organizations/access.decorator';
import { sharedTestApp, type TestApp } from '../support/test-app';

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

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The route layers of the controllers, in the order a request tries them: not the middleware Nest
 * mounts for every method, nor Swagger UI's own files.
 */
function routerLayers(testApp: TestApp): RouterLayer[] {
  const express = testApp.app.getHttpAdapter().getInstance() as unknown as {
    router: { stack: RouterLayer[] };
  };
  return express.router.stack.filter(
    (layer) =>
      layer.route !== undefined &&
      Object.keys(layer.route.methods).length < 10 &&
      !layer.route.path.startsWith('/api/docs'),
  );
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

  it('never depend on their registration order: no route is reached by an earlier one of its method', () => {
    const layers = routerLayers(testApp);
    const shadowed = layers.flatMap((later, index) => {
      const path = samplePath(later.route!.path);
      return layers
        .slice(0, index)
        .filter(
          (earlier) =>
            Object.keys(later.route!.methods).some((method) => earlier.route!.methods[method]) &&
            earlier.match(path) !== false,
        )
        .map((earlier) => `${later.route!.path} is answered by ${earlier.route!.path}`);
    });
    expect(layers.length).toBeGreaterThan(50);
    expect(shadowed).toEqual([]);
  });
});
