import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { uiSecurityHeaders } from './security-headers';

/**
 * `admin-ui/dist` at the repository root, found from here whether run from src
 * (server/src/common/http: 4 levels down) or from the build (server/dist/src/common/http: 5).
 */
export function adminUiDir(): string {
  const isBuilt = basename(resolve(__dirname, '..', '..', '..')) === 'dist';
  const root = isBuilt
    ? resolve(__dirname, '..', '..', '..', '..', '..')
    : resolve(__dirname, '..', '..', '..', '..');
  return join(root, 'admin-ui', 'dist');
}

/** Paths the API answers: `/api`, and the HubSpot-compatible surface at HubSpot's own paths. */
const API_PATHS = /^\/(api|crm|crm-object-schemas)(\/|$)/;

/**
 * Serves the built admin UI at `/` (the API stays under `/api`); unknown non-API paths get
 * index.html so client-side routes survive a reload. Returns false when there is no build.
 */
export function serveAdminUi(app: NestExpressApplication, dir = adminUiDir()): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    return false;
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (API_PATHS.test(request.path)) {
      next();
      return;
    }
    uiSecurityHeaders(request, response, next);
  });
  // Not for API paths: the static files' lookup is a file-system call per request.
  const files = express.static(dir, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (API_PATHS.test(request.path)) {
      next();
      return;
    }
    void files(request, response, next);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || API_PATHS.test(request.path)) {
      next();
      return;
    }
    response.sendFile(index);
  });
  return true;
}
