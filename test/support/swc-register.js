/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, loaded by `node -r` */
// Lets a plain `node` child process (tests that kill a real process) load the TypeScript sources:
// compiles each .ts file with swc as Jest does, and resolves the `src/…` alias.
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');

const SERVER = join(__dirname, '..', '..', 'server');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const aliased = request.startsWith('src/') ? join(SERVER, request) : request;
  return resolveFilename.call(this, aliased, ...rest);
};
