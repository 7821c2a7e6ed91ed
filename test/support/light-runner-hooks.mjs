// Module hooks of the integration tier (light-runner-setup.mjs): jest-light-runner imports each
// test file as an ES module; a .ts file is handed to the CommonJS loader instead, where
// swc-register.js compiles it.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.ts(\?|$)/.test(url)) {
    return { format: 'commonjs', shortCircuit: true };
  }
  return nextLoad(url, context);
}
