import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** `object-definitions/` at the repository root, found from here whether run from src or dist. */
export function objectDefinitionsDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'object-definitions', 'definition.meta-schema.json');
    if (existsSync(candidate)) {
      return join(dir, 'object-definitions');
    }
    dir = dirname(dir);
  }
  return resolve('object-definitions');
}

export interface DefinitionFile {
  file: string;
  content: unknown;
}

/** Every shipped system definition file (`<name>.json`), in name order. */
export function readSystemDefinitionFiles(dir = objectDefinitionsDir()): DefinitionFile[] {
  return readdirSync(dir)
    .filter(
      (file) => file.endsWith('.json') && !file.includes('.meta-schema.') && !file.startsWith('_'),
    )
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      try {
        return { file, content: JSON.parse(text) as unknown };
      } catch (error) {
        throw new Error(
          `object-definitions/${file} is not valid JSON: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    });
}
