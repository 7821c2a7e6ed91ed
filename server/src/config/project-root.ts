import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root (the folder holding `server/package.json`), found from this file whether
 * it runs from the sources or from the build; the working directory when neither is found.
 */
export function projectRoot(from = __dirname): string {
  let dir = from;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(join(dir, 'server', 'package.json'))) {
      return dir;
    }
    dir = dirname(dir);
  }
  return process.cwd();
}
