/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, read by jest.config.js and swc-register.js */
// How every test tier compiles TypeScript (Jest's transform, and the hooks of swc-register.js):
// swc with decorator metadata (NestJS's dependency injection needs it) and the `src/…` alias.
const { join } = require('node:path');

const SERVER = join(__dirname, '..', '..', 'server');

/** swc's options, with `src/…` resolved to server/src (docs/architecture.md, "Tests"). */
const swcOptions = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, tsx: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    baseUrl: SERVER,
    paths: { 'src/*': ['src/*'] },
  },
};

module.exports = { swcOptions, SERVER };
