import cluster, { type Worker } from 'node:cluster';

/**
 * State that every server process must share when `PLINTH_WORKERS` runs several (docs/scaling.md,
 * "Workers"): rate limits and failed sign-ins are counted once, in the primary process, and the
 * workers ask it over the cluster's IPC channel. A process that is no cluster worker (one server
 * process, the tests, the command-line tools) keeps its own instance and calls it directly.
 */

/** Methods of a shared state: JSON in, JSON (or a promise of it) out. */
type Methods<S> = {
  [K in keyof S as S[K] extends (...args: never[]) => unknown ? K : never]: S[K];
};
type Call<S, K extends keyof Methods<S>> = Methods<S>[K] extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;

interface Request {
  plinthShared: 'call';
  id: number;
  name: string;
  method: string;
  args: unknown[];
}

interface Answer {
  plinthShared: 'answer';
  id: number;
  value?: unknown;
  error?: string;
}

/** How long a worker waits for the primary before the call fails (it never waits forever). */
const ANSWER_TIMEOUT_MS = 5_000;

const served = new Map<string, object>();
const pending = new Map<
  number,
  { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }
>();
let nextId = 1;
let isListening = false;

/** Whether this process is a worker of the cluster (its shared state lives in the primary). */
export function isWorkerProcess(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

function listenForAnswers(): void {
  if (isListening) {
    return;
  }
  isListening = true;
  process.on('message', (message: Partial<Answer>) => {
    if (message?.plinthShared !== 'answer' || typeof message.id !== 'number') {
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) {
      return;
    }
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.error === undefined) {
      waiting.resolve(message.value);
    } else {
      waiting.reject(new Error(message.error));
    }
  });
}

/**
 * A handle on the state `name`: in a cluster worker each call runs on the primary's instance (the
 * one given to `serveSharedState`); anywhere else on `local`, this process's own.
 */
export function sharedState<S extends object>(
  name: string,
  local: S,
): <K extends keyof Methods<S>>(
  method: K,
  ...args: Parameters<Call<S, K>>
) => ReturnType<Call<S, K>> {
  return ((method: string, ...args: unknown[]) => {
    if (!isWorkerProcess()) {
      const target = local as Record<string, (...a: unknown[]) => unknown>;
      return Promise.resolve().then(() => target[method]?.(...args));
    }
    listenForAnswers();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`The primary process did not answer ${name}.${method}`));
      }, ANSWER_TIMEOUT_MS);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      const request: Request = { plinthShared: 'call', id, name, method, args };
      process.send?.(request);
    });
  }) as never;
}

/** Primary process: `instance` answers the workers' calls on `name`. */
export function serveSharedState(name: string, instance: object): void {
  served.set(name, instance);
}

/** Primary process: answers the shared-state calls of `worker`. */
export function answerWorker(worker: Worker): void {
  worker.on('message', (message: Partial<Request>) => {
    if (message?.plinthShared !== 'call' || typeof message.id !== 'number') {
      return;
    }
    const id = message.id;
    const reply = (answer: Omit<Answer, 'plinthShared' | 'id'>): void => {
      if (worker.isConnected()) {
        worker.send({ plinthShared: 'answer', id, ...answer } satisfies Answer);
      }
    };
    const instance = served.get(message.name ?? '') as
      Record<string, ((...args: unknown[]) => unknown) | undefined> | undefined;
    const method = instance?.[message.method ?? ''];
    if (!instance || typeof method !== 'function') {
      reply({ error: `No shared state ${message.name}.${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => method.apply(instance, message.args ?? []))
      .then(
        (value) => reply({ value }),
        (error: unknown) =>
          reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** The name the primary process serves its worker count under. */
export const WORKERS_STATE = 'workers';

export interface WorkersStatus {
  /** Server processes answering requests now. */
  listening: number;
  /** Server processes there should be (`PLINTH_WORKERS`). */
  expected: number;
}

/** How many server processes listen: this one alone, unless the primary counts its workers. */
export class WorkerCount {
  status(): WorkersStatus {
    return { listening: 1, expected: 1 };
  }
}
