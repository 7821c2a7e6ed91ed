// The integration tier runs in bare Node through jest-light-runner (jest.config.js): each worker
// loads the server's modules once for all its test files, instead of once per file as Jest's
// sandbox does, which was most of the tier's time. Plain Node does not read TypeScript: these
// hooks compile it with swc, as Jest's transform does.
import { createRequire, register } from 'node:module';

register('./light-runner-hooks.mjs', import.meta.url);
createRequire(import.meta.url)('./swc-register.js');

// A worker runs many files, so they can share one app (sharedTestApp in test-app.ts).
globalThis[Symbol.for('plinth.test.sharedApps')] = true;
