// What Jest's own runner does for every test and jest-light-runner does not (jest.config.js):
// a test that runs past `testTimeout` fails instead of hanging the run, and spies are restored
// after each test (Jest's `restoreMocks`), so one test's spy never reaches the next one.
/* global jest */
// jest.config.js's testTimeout.
const TIMEOUT_MS = 30_000;

function withTimeout(fn, timeoutMs) {
  if (typeof fn !== 'function') {
    return fn;
  }
  return async function timed(...args) {
    let timer;
    const deadline = new Promise((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Exceeded the timeout of ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([fn.apply(this, args), deadline]);
    } finally {
      clearTimeout(timer);
      jest.restoreAllMocks();
      jest.clearAllMocks();
    }
  };
}

function wrapTestFunction(original) {
  const wrapped = (name, fn, timeoutMs) =>
    original(name, withTimeout(fn, timeoutMs ?? TIMEOUT_MS), timeoutMs);
  // it.only keeps the timeout too; it.each, it.skip and it.todo keep Jest's own behaviour.
  return Object.assign(wrapped, original, {
    only: (name, fn, timeoutMs) =>
      original.only(name, withTimeout(fn, timeoutMs ?? TIMEOUT_MS), timeoutMs),
  });
}

globalThis.it = wrapTestFunction(globalThis.it);
globalThis.test = wrapTestFunction(globalThis.test);

function wrapHook(original) {
  return (fn, timeoutMs) => original(withHookTimeout(fn, timeoutMs ?? TIMEOUT_MS), timeoutMs);
}

function withHookTimeout(fn, timeoutMs) {
  return async function timed(...args) {
    let timer;
    const deadline = new Promise((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`A hook exceeded the timeout of ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([fn.apply(this, args), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}

for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach']) {
  globalThis[hook] = wrapHook(globalThis[hook]);
}
