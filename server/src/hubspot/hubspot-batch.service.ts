import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordsBatchService } from 'src/records/records-batch.service';
import type { RecordResponse } from 'src/records/records.dto';
import { RecordsService } from 'src/records/records.service';
import { toHubSpotError } from './hubspot-exception.filter';
import type { HubSpotObject } from './hubspot-names';
import { HubSpotObjectsService } from './hubspot-objects.service';
import { batchInputs } from './hubspot-query';
import { type HubSpotRecord, toEnvelope, toPlinthBody } from './hubspot-values';

/** One failed input of a batch, as HubSpot's `StandardError`. */
export interface BatchError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: Array<{ message: string; in?: string; code?: string }>;
  links: Record<string, string>;
}

/** A batch's answer; `multiStatus` (some inputs failed) makes it a 207. */
export interface BatchResult<T = HubSpotRecord> {
  status: 'COMPLETE';
  results: T[];
  numErrors?: number;
  errors?: BatchError[];
  startedAt: string;
  completedAt: string;
}

export function toBatchError(error: unknown, ids: string[]): BatchError {
  if (!(error instanceof AppError)) {
    throw error;
  }
  const body = toHubSpotError({
    type: '',
    title: '',
    status: error.status,
    code: error.code,
    message: error.message,
    detail: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    request_id: '',
  });
  return {
    status: 'error',
    category: body.category,
    message: body.message,
    context: { ids },
    errors: body.errors ?? [],
    links: {},
  };
}

/**
 * Each input through `work`, one after another: an input it refuses becomes an error naming
 * `idsOf(input)` (the batch answers 207), the others are the results.
 */
export async function eachInput<I, R>(
  startedAt: string,
  inputs: I[],
  idsOf: (input: I) => string[],
  work: (input: I) => R | Promise<R>,
): Promise<BatchResult<R>> {
  const results: R[] = [];
  const errors: BatchError[] = [];
  for (const input of inputs) {
    try {
      results.push(await work(input));
    } catch (error) {
      errors.push(toBatchError(error, idsOf(input)));
    }
  }
  return batchAnswer(startedAt, results, errors);
}

/** A batch's answer, completed now; `errors` (some inputs failed) make it a 207 (`batchStatus`). */
export function batchAnswer<T>(
  startedAt: string,
  results: T[],
  errors: BatchError[],
): BatchResult<T> {
  return {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt,
    completedAt: new Date().toISOString(),
  };
}

/** The input index a batch validation error names (`3.email` → 3). */
function failedIndexes(error: unknown, size: number): Set<number> | undefined {
  if (!(error instanceof AppError) || !error.errors) {
    return undefined;
  }
  const indexes = Object.keys(error.errors).map((key) => Number(key.split('.')[0]));
  return indexes.every((index) => Number.isInteger(index) && index >= 0 && index < size)
    ? new Set(indexes)
    : undefined;
}

/**
 * HubSpot's batch endpoints (≤ 100 inputs). Create goes through the records' bulk path (one
 * transaction); inputs it refuses are answered per input (207) and the others created.
 */
@Injectable()
export class HubSpotBatchService {
  constructor(
    private readonly objects: HubSpotObjectsService,
    private readonly records: RecordsService,
    private readonly bulk: RecordsBatchService,
  ) {}

  async createBatch(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult> {
    const startedAt = new Date().toISOString();
    const object = await this.objects.resolve(context, objectType);
    const inputs = batchInputs<{ properties?: unknown }>(body);
    const errors: BatchError[] = [];
    const bodies: Array<{ index: number; body: Record<string, unknown> }> = [];
    inputs.forEach((input, index) => {
      try {
        bodies.push({ index, body: toPlinthBody(object, input.properties) });
      } catch (error) {
        errors.push(toBatchError(error, [String(index)]));
      }
    });
    const results = await this.createValid(context, object, bodies, errors);
    return batchAnswer(startedAt, results, errors);
  }

  /** The bulk create; when it refuses some inputs, those are errors and the others go again. */
  private async createValid(
    context: RequestContext,
    object: HubSpotObject,
    bodies: Array<{ index: number; body: Record<string, unknown> }>,
    errors: BatchError[],
  ): Promise<HubSpotRecord[]> {
    if (bodies.length === 0) {
      return [];
    }
    try {
      const created = await this.bulk.createRecords(
        context,
        object.definition.name,
        bodies.map(({ body }) => body),
      );
      return created.map((record) => toEnvelope(object, record));
    } catch (error) {
      const failed = failedIndexes(error, bodies.length);
      if (!failed) {
        throw error;
      }
      const rest = bodies.filter((_, position) => !failed.has(position));
      for (const position of failed) {
        errors.push(toBatchError(error, [String(bodies[position]?.index)]));
      }
      return this.createValid(context, object, rest, errors);
    }
  }

  async readBatch(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult> {
    const startedAt = new Date().toISOString();
    const object = await this.objects.resolve(context, objectType);
    const request = body as { properties?: unknown; idProperty?: unknown } | null;
    const inputs = batchInputs<{ id?: unknown }>(body);
    const ids = inputs.map((input) => String(input.id));
    const idProperty = typeof request?.idProperty === 'string' ? request.idProperty : undefined;
    const byValue =
      idProperty && idProperty !== 'hs_object_id'
        ? await this.objects.findByProperty(context, object, idProperty, ids)
        : new Map(ids.map((id) => [id, id]));
    const properties = Array.isArray(request?.properties)
      ? request.properties.filter((name): name is string => typeof name === 'string')
      : undefined;
    const results: RecordResponse[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const recordId = byValue.get(id);
      try {
        if (!recordId) {
          throw new AppError(ErrorCode.RecordNotFound, `No ${object.name} with id ${id}`);
        }
        results.push(await this.records.getRecord(context, object.definition.name, recordId));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== ErrorCode.RecordNotFound) {
          throw error;
        }
        missing.push(id);
      }
    }
    const errors =
      missing.length > 0
        ? [
            toBatchError(
              new AppError(
                ErrorCode.RecordNotFound,
                `Could not get some ${object.name} objects, they may be deleted or not exist.`,
              ),
              missing,
            ),
          ]
        : [];
    return batchAnswer(
      startedAt,
      results.map((record) =>
        toEnvelope(object, record, properties?.length ? properties : undefined),
      ),
      errors,
    );
  }

  async updateBatch(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult> {
    const startedAt = new Date().toISOString();
    const inputs = batchInputs<{ id?: unknown; idProperty?: unknown; properties?: unknown }>(body);
    return eachInput(
      startedAt,
      inputs,
      (input) => [String(input.id)],
      (input) =>
        this.objects.updateObject(
          context,
          objectType,
          String(input.id),
          { properties: input.properties },
          typeof input.idProperty === 'string' ? input.idProperty : undefined,
        ),
    );
  }

  /**
   * Upsert by a unique property: the record with that value is updated, else one is created
   * (`new: true`). A create that loses a race to the same value (the unique constraint answers)
   * is redone as an update of the winner's record.
   */
  async upsertBatch(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<BatchResult<HubSpotRecord & { new: boolean }>> {
    const startedAt = new Date().toISOString();
    const object = await this.objects.resolve(context, objectType);
    const inputs = batchInputs<{ id?: unknown; idProperty?: unknown; properties?: unknown }>(body);
    return eachInput(
      startedAt,
      inputs,
      (input) => [String(input.id)],
      (input) => this.upsertOne(context, object, input, String(input.id)),
    );
  }

  private async upsertOne(
    context: RequestContext,
    object: HubSpotObject,
    input: { idProperty?: unknown; properties?: unknown },
    value: string,
  ): Promise<HubSpotRecord & { new: boolean }> {
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
    for (let attempt = 1; ; attempt++) {
      const existing =
        idProperty === 'hs_object_id'
          ? value
          : (await this.objects.findByProperty(context, object, idProperty, [value])).get(value);
      if (existing) {
        const updated = await this.objects.updateObject(context, object.name, existing, {
          properties: input.properties,
        });
        return { ...updated, new: false };
      }
      try {
        const created = await this.objects.createObject(context, object.name, {
          properties: { ...(input.properties as object), [idProperty]: value },
        });
        return { ...created, new: true };
      } catch (error) {
        const isRace = error instanceof AppError && error.code === ErrorCode.UniqueViolation;
        if (!isRace || attempt >= 2) {
          throw error;
        }
      }
    }
  }

  async archiveBatch(context: RequestContext, objectType: string, body: unknown): Promise<void> {
    const object = await this.objects.resolve(context, objectType);
    const inputs = batchInputs<{ id?: unknown }>(body);
    for (const input of inputs) {
      try {
        await this.records.deleteRecord(context, object.definition.name, String(input.id));
      } catch (error) {
        // HubSpot answers 204 for ids that are gone already.
        if (!(error instanceof AppError) || error.code !== ErrorCode.RecordNotFound) {
          throw error;
        }
      }
    }
  }
}
