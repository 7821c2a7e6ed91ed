import { Catch } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';
import type { ErrorBody } from 'src/common/errors/error-body';
import { ErrorCode } from 'src/common/errors/error-code';

/** HubSpot's error categories, by status. */
const CATEGORY_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  409: 'CONFLICT',
  412: 'CONFLICT',
  413: 'VALIDATION_ERROR',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITS',
  503: 'SERVICE_UNAVAILABLE',
};

/** HubSpot's wire error: what its clients parse (`status: "error"`, `category`, `errors`). */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: Array<{
    message: string;
    code?: string;
    in?: string;
    context?: Record<string, string[]>;
  }>;
  context?: Record<string, string[]>;
}

export function toHubSpotError(body: ErrorBody): HubSpotErrorBody {
  const entries = Object.entries(body.errors ?? {});
  return {
    status: 'error',
    message: body.message,
    correlationId: body.request_id,
    category: CATEGORY_BY_STATUS[body.status] ?? 'INTERNAL_ERROR',
    ...(body.code !== ErrorCode.InternalError ? { subCategory: body.code } : {}),
    ...(entries.length > 0
      ? {
          errors: entries.map(([name, message]) =>
            message === 'PROPERTY_DOESNT_EXIST'
              ? {
                  message: `Property "${name}" does not exist`,
                  code: 'PROPERTY_DOESNT_EXIST',
                  context: { propertyName: [name] },
                }
              : { message: `${name} ${message}`, in: name },
          ),
        }
      : {}),
  };
}

/**
 * The HubSpot surface's errors (its controllers only): the same decisions as the global filter
 * (statuses, Retry-After, what is logged), written in HubSpot's body, guards' 401/403 and the
 * rate limit's 429 included.
 */
@Catch()
export class HubSpotExceptionFilter extends AllExceptionsFilter {
  protected override send(response: FastifyReply, body: ErrorBody): void {
    response
      .status(body.status)
      .type('application/json')
      .send(JSON.stringify(toHubSpotError(body)));
  }
}
