import { Logger } from '@nestjs/common';
import { describeQueryError } from 'src/common/logging/query-errors';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

const logger = new Logger('Database');

/**
 * TypeORM's log through Nest's logger: failed statements at debug (the caller decides whether a
 * failure is an error: a unique violation is a 409, not a bug) with their code only; slow
 * statements and schema-building messages are not logged.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  logQuery(): void {}

  logQueryError(error: string | Error): void {
    logger.debug(`Statement failed: ${describeQueryError(error)}`);
  }

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') {
      logger.warn(String(message));
    }
  }
}
