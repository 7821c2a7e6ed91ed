import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import {
  sharedState,
  WorkerCount,
  WORKERS_STATE,
  type WorkersStatus,
} from 'src/common/cluster/primary-state';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import {
  type IndexesStatus,
  PropertyIndexesService,
} from 'src/property-indexes/property-indexes.service';
import { HealthRepository } from './health.repository';

/** A ping slower than this counts as down: a readiness probe must answer before its own timeout. */
const DATABASE_PING_TIMEOUT_MS = 2_000;
/** When a client or load balancer may ask again after a 503. */
const RETRY_AFTER_SECONDS = 5;

export interface HealthStatus {
  status: 'ok';
  database?: 'ok';
  indexes?: IndexesStatus;
  workers?: WorkersStatus;
}

@Injectable()
export class HealthService {
  /** With PLINTH_WORKERS, the primary's count of the workers that listen (docs/scaling.md). */
  private readonly workers = sharedState(WORKERS_STATE, new WorkerCount());

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly repository: HealthRepository,
    private readonly indexes: PropertyIndexesService,
  ) {}

  /** The process answers; nothing else is checked, so a database outage never restarts it. */
  checkLiveness(): HealthStatus {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers within the timeout; otherwise 503 with Retry-After. */
  async checkReadiness(): Promise<HealthStatus> {
    try {
      await this.health.check([
        () =>
          this.indicators
            .check('database')
            .attempt(() => this.repository.ping())
            .withTimeout(DATABASE_PING_TIMEOUT_MS),
      ]);
    } catch {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        'The database does not answer; try again shortly.',
      ).withRetryAfter(RETRY_AFTER_SECONDS);
    }
    return {
      status: 'ok',
      database: 'ok',
      indexes: this.indexes.status(),
      workers: await this.workers('status'),
    };
  }
}
