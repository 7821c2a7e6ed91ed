import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { API_PATHS, pathOf } from './api-paths';
import { UI_HEADERS } from './security-headers';

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

/** The build's files, as URL paths relative to its folder (`assets/index-abc.js`). */
function filesUnder(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      files.add(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return files;
}

function fileOf(path: string): string | undefined {
  try {
    return decodeURIComponent(path.slice(1));
  } catch {
    return undefined;
  }
}

/**
 * Serves the built admin UI at `/` (the API stays under `/api`): its files, and index.html for
 * any other GET so client-side routes survive a reload. A path of the API that no route answers
 * stays the API's 404. Returns false when there is no build. Call before the app is initialized.
 */
export async function serveAdminUi(
  app: NestFastifyApplication,
  dir = adminUiDir(),
): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) {
    return false;
  }
  // The build does not change while the server runs: its file list is read once.
  const files = filesUnder(dir);
  await app.register(fastifyStatic, { root: dir, serve: false });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      const path = pathOf(request.url);
      if (API_PATHS.test(path)) {
        reply.callNotFound();
        return reply;
      }
      reply.headers(UI_HEADERS);
      const file = fileOf(path);
      return file !== undefined && files.has(file)
        ? reply.sendFile(file, { maxAge: '1h' })
        : reply.sendFile('index.html', { maxAge: 0 });
    });
  return true;
}
