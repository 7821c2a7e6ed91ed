import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, from, type Observable, of, switchMap } from 'rxjs';
import { contextOf } from 'src/organizations/request-context.store';
import { IdempotencyService } from './idempotency.service';

/** The request header that names an attempt: its retries send the same key. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Answer headers a retry gets again (the body carries everything else). */
const REPLAYED_HEADERS = ['Location', 'ETag'];

/** Applies IdempotencyService to a route marked @Idempotent() when it carries an Idempotency-Key. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(private readonly service: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (typeof key !== 'string') {
      return next.handle();
    }
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const { organizationId } = contextOf(request);
    const idempotentRequest = {
      method: request.method,
      path: request.originalUrl,
      body: request.body,
    };
    return from(this.service.begin(organizationId, key, idempotentRequest)).pipe(
      switchMap((outcome) => {
        if (outcome.kind === 'replay') {
          for (const [name, value] of Object.entries(outcome.response.headers)) {
            response.header(name, value);
          }
          response.header('Idempotent-Replayed', 'true');
          return of(JSON.parse(outcome.response.body) as unknown);
        }
        return next.handle().pipe(
          catchError(async (error: unknown) => {
            await this.service.release(organizationId, key);
            throw error;
          }),
          concatMap(async (body: unknown) => {
            await this.remember(organizationId, key, response, body);
            return body;
          }),
        );
      }),
    );
  }

  /** A failure here leaves the key in flight until abandoned: never a second write. */
  private async remember(
    organizationId: string,
    key: string,
    response: FastifyReply,
    body: unknown,
  ): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (typeof value === 'string') {
        headers[name] = value;
      }
    }
    try {
      await this.service.complete(organizationId, key, {
        status: response.statusCode,
        body: JSON.stringify(body ?? null),
        headers,
      });
    } catch (error) {
      this.logger.error(`Could not keep the answer for an idempotency key: ${String(error)}`);
    }
  }
}
