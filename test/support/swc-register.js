/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, loaded by `node -r` */
// Lets plain Node load the TypeScript sources: child processes of tests that kill a real process
// (`node -r`), and the integration tier, which runs in bare Node (light-runner-setup.mjs). Each
// .ts file is compiled with swc as Jest's transform does (swc-options.js), and `src/…` resolves
// to server/src.
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { swcOptions, SERVER } = require('./swc-options');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const aliased = request.startsWith('src/') ? join(SERVER, request) : request;
  return resolveFilename.call(this, aliased, ...rest);
};
