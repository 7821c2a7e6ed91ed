import { Logger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';
import { LOGIN_THROTTLE_STATE, LoginThrottle } from 'src/access/login-throttle';
import {
  answerWorker,
  serveSharedState,
  WORKERS_STATE,
  type WorkersStatus,
} from 'src/common/cluster/primary-state';
import { RATE_LIMIT_STATE } from 'src/common/http/rate-limit';
import { RateLimitCounters } from 'src/common/http/rate-limit-counters';

/**
 * `PLINTH_WORKERS` > 1 (docs/scaling.md, "Workers"): this primary process serves no request. It
 * forks the workers, which share the port (node:cluster hands each new connection to the next
 * worker), keeps the state they must share (rate limits, failed sign-ins), restarts a worker that
 * dies, and on SIGINT/SIGTERM lets each drain before it exits.
 *
 * The lead worker starts first: it starts (or joins) the embedded PostgreSQL, migrates, creates
 * the first-run owner and runs the background jobs; the followers start once it listens and join
 * the same database. Caches stay coherent through the database's NOTIFY channel, as between any
 * two Plinth processes.
 */

type Role = 'lead' | 'follower';
type WorkerMessage = { plinthWorker?: 'listening' };

/** A worker that dies this soon after its start counts as a crash loop. */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 5;
const RESTART_DELAY_MS = 1_000;
/** Workers get this long to drain and stop after SIGTERM (their own drain is 10 s). */
const STOP_TIMEOUT_MS = 30_000;

const logger = new Logger('Workers');

/** Worker process: tells the primary how far it got. */
export function tellPrimary(state: NonNullable<WorkerMessage['plinthWorker']>): void {
  process.send?.({ plinthWorker: state } satisfies WorkerMessage);
}

export async function runPrimary(count: number): Promise<void> {
  serveSharedState(RATE_LIMIT_STATE, new RateLimitCounters());
  serveSharedState(LOGIN_THROTTLE_STATE, new LoginThrottle());
  const roles = new Map<Worker, Role>();
  const listening = new Set<Worker>();
  serveSharedState(WORKERS_STATE, {
    status: (): WorkersStatus => ({ listening: listening.size, expected: count }),
  });
  const crashes: number[] = [];
  let stopping = false;

  const fork = (role: Role): Promise<Worker> => {
    const worker = cluster.fork({ PLINTH_WORKER_ROLE: role });
    roles.set(worker, role);
    answerWorker(worker);
    return new Promise((resolve, reject) => {
      const onMessage = (message: WorkerMessage): void => {
        if (message?.plinthWorker === 'listening') {
          listening.add(worker);
          worker.off('exit', onEarlyExit);
          worker.off('message', onMessage);
          resolve(worker);
        }
      };
      const onEarlyExit = (code: number | null): void => {
        reject(new Error(`the ${role} worker stopped while starting (exit code ${code})`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onEarlyExit);
    });
  };

  const stopAll = (signal: NodeJS.Signals, exitCode: number): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.log(`${signal}: stopping ${roles.size} workers`);
    const deadline = setTimeout(() => {
      for (const worker of roles.keys()) {
        worker.process.kill('SIGKILL');
      }
    }, STOP_TIMEOUT_MS);
    deadline.unref();
    const exits = [...roles.keys()]
      .filter((worker) => !worker.isDead())
      .map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    // SIGTERM to each, also on SIGINT: a terminal's Ctrl-C reached the workers already, and a
    // worker takes each signal once (a second SIGINT would stop it without draining).
    for (const worker of roles.keys()) {
      worker.process.kill('SIGTERM');
    }
    void Promise.all(exits).then(() => process.exit(exitCode));
  };
  process.once('SIGINT', () => stopAll('SIGINT', 0));
  process.once('SIGTERM', () => stopAll('SIGTERM', 0));

  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker);
    roles.delete(worker);
    listening.delete(worker);
    if (stopping || role === undefined) {
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && (crashes[0] ?? now) < now - CRASH_WINDOW_MS) {
      crashes.shift();
    }
    if (crashes.length > MAX_CRASHES) {
      logger.error(`${crashes.length} workers died within a minute: stopping`);
      stopAll('SIGTERM', 1);
      return;
    }
    // 1 s, then twice as long after each recent death.
    const wait = RESTART_DELAY_MS * 2 ** (crashes.length - 1);
    logger.error(
      `The ${role} worker (pid ${worker.process.pid}) stopped (${signal ?? `exit code ${code}`}): starting another in ${wait} ms`,
    );
    setTimeout(() => {
      if (!stopping) {
        fork(role).catch((error: unknown) => logger.error(String(error)));
      }
    }, wait);
  });

  try {
    await fork('lead');
  } catch (error) {
    logger.error(`Not started: ${error instanceof Error ? error.message : String(error)}`);
    stopAll('SIGTERM', 1);
    return;
  }
  // A follower that fails to start is replaced like one that dies later (e.g. its files were
  // being rebuilt by `npm run build:server` at that moment): the lead serves meanwhile.
  const followers = await Promise.allSettled(
    Array.from({ length: count - 1 }, () => fork('follower')),
  );
  for (const failed of followers.filter((result) => result.status === 'rejected')) {
    logger.error(String(failed.reason));
  }
  logger.log(`${listening.size} worker processes serve the port (PLINTH_WORKERS=${count})`);
}
