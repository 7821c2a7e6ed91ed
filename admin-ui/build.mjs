// Placeholder build: copies public/ to dist/. The react-admin app replaces it (admin UI issue).
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'dist'), { recursive: true });
cpSync(join(here, 'public'), join(here, 'dist'), { recursive: true });
process.stdout.write('admin-ui: placeholder copied to admin-ui/dist\n');
