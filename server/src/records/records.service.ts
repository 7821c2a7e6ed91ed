import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RawListQuery } from 'src/common/http/list-query';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { PROPERTY_TYPE_RULES, uniqueKey } from 'src/object-definitions/property-types';
import type { RequestContext } from 'src/organizations/request-context';
import { toRecordListQuery } from './record-list-query';
import { summarizeFieldErrors, validateRecordProperties } from './record-properties.validator';
import { type RecordResponse, toRecordResponse } from './records.dto';
import {
  type RecordRow,
  type RecordScope,
  RecordsRepository,
  type UniqueClaim,
} from './records.repository';

/** Fields of the record itself: accepted in a body (react-admin sends them back) and ignored. */
const RECORD_OWN_FIELDS = new Set([
  'id',
  'created_at',
  'updated_at',
  'archived_at',
  'version',
  'display_name',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RecordPage {
  records: RecordResponse[];
  start: number;
  total: number;
}

export interface WriteOptions {
  /** Plinth itself writes (seeds, imports): read-only properties may be set. */
  isTrusted?: boolean;
  /** A fixed id for the new record (seeds). */
  id?: string;
}

@Injectable()
export class RecordsService {
  constructor(
    private readonly repository: RecordsRepository,
    private readonly definitions: ObjectDefinitionsService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async listRecords(
    context: RequestContext,
    objectName: string,
    raw: RawListQuery,
  ): Promise<RecordPage> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const query = toRecordListQuery(raw, definition);
    const scope = this.scope(context, definition);
    const searchable = definition.properties.filter(
      (p) => PROPERTY_TYPE_RULES[p.type].isSearchable,
    );
    const [rows, total] = await Promise.all([
      this.repository.findPage(scope, query, searchable),
      this.repository.count(scope, query, searchable),
    ]);
    return {
      records: rows.map((row) => toRecordResponse(definition, row)),
      start: query.offset,
      total,
    };
  }

  async getRecord(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<RecordResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const row = UUID.test(id)
      ? await this.repository.findById(this.scope(context, definition), id)
      : undefined;
    if (!row) {
      throw this.notFound(definition, id);
    }
    return toRecordResponse(definition, row);
  }

  async createRecord(
    context: RequestContext,
    objectName: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const properties = this.withDefaults(
      definition,
      this.writableProperties(definition, body, options),
    );
    for (const [name, value] of Object.entries(properties)) {
      if (value === null) {
        delete properties[name];
      }
    }
    this.assertValid(definition, properties);
    const scope = this.scope(context, definition);
    const row = await this.runInTransaction(async (tx) => {
      const created = await this.repository.insert(
        scope,
        {
          ...(options.id ? { id: options.id } : {}),
          properties,
          displayName: this.displayName(definition, properties),
        },
        tx,
      );
      await this.claimUniqueValues(
        definition,
        scope,
        created.id,
        this.uniqueClaims(definition, properties),
        tx,
      );
      return created;
    });
    return toRecordResponse(definition, row);
  }

  /** PUT and PATCH: merges the given properties; `null` removes one. Validates the merged record. */
  async updateRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const changes = this.writableProperties(definition, body, options);
    const scope = this.scope(context, definition);
    const row = await this.runInTransaction(async (tx) => {
      const current = await this.lockRecord(definition, scope, id, tx);
      const merged: Record<string, unknown> = { ...current.properties, ...changes };
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) {
          delete merged[name];
        }
      }
      this.assertValid(definition, merged);
      const before = new Map(
        this.uniqueClaims(definition, current.properties).map((c) => [c.property, c.value]),
      );
      const after = this.uniqueClaims(definition, merged);
      const changed = [...definition.properties]
        .filter((p) => p.unique)
        .map((p) => p.name)
        .filter((name) => before.get(name) !== after.find((c) => c.property === name)?.value);
      await this.repository.releaseUniqueValues(scope, id, changed, tx);
      await this.claimUniqueValues(
        definition,
        scope,
        id,
        after.filter((c) => changed.includes(c.property)),
        tx,
      );
      return this.repository.update(
        scope,
        id,
        { properties: merged, displayName: this.displayName(definition, merged) },
        tx,
      );
    });
    return toRecordResponse(definition, row);
  }

  /** Deletes a record (and, through the database, its associations); returns what it was. */
  async deleteRecord(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<RecordResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const scope = this.scope(context, definition);
    const row = await this.runInTransaction(async (tx) => {
      const current = await this.lockRecord(definition, scope, id, tx);
      await this.repository.delete(scope, id, tx);
      return current;
    });
    return toRecordResponse(definition, row);
  }

  /** Whether a record exists (seeds use it to stay idempotent). */
  async recordExists(context: RequestContext, objectName: string, id: string): Promise<boolean> {
    const definition = await this.definitions.getDefinition(context, objectName);
    return this.repository.exists(this.scope(context, definition), id);
  }

  private scope(context: RequestContext, definition: CompiledDefinition): RecordScope {
    return { organizationId: context.organizationId, definitionId: definition.id };
  }

  private notFound(definition: CompiledDefinition, id: string): AppError {
    return new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${id}`);
  }

  private async lockRecord(
    definition: CompiledDefinition,
    scope: RecordScope,
    id: string,
    tx: Tx,
  ): Promise<RecordRow> {
    const row = UUID.test(id) ? await this.repository.findById(scope, id, tx, true) : undefined;
    if (!row) {
      throw this.notFound(definition, id);
    }
    return row;
  }

  /** The body's properties, without the record's own fields and (unless trusted) read-only ones. */
  private writableProperties(
    definition: CompiledDefinition,
    body: unknown,
    options: WriteOptions,
  ): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError(
        ErrorCode.BadRequest,
        `The body must be a JSON object of ${definition.name} properties`,
      );
    }
    const properties: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      const property = definition.propertyByName.get(name);
      if (RECORD_OWN_FIELDS.has(name) || (property?.read_only && !options.isTrusted)) {
        continue;
      }
      properties[name] = value;
    }
    return properties;
  }

  private withDefaults(
    definition: CompiledDefinition,
    properties: Record<string, unknown>,
  ): Record<string, unknown> {
    const result = { ...properties };
    for (const property of definition.properties) {
      if (
        property.default !== undefined &&
        (result[property.name] === undefined || result[property.name] === null)
      ) {
        result[property.name] = property.default;
      }
    }
    return result;
  }

  private assertValid(definition: CompiledDefinition, properties: Record<string, unknown>): void {
    const errors = validateRecordProperties(definition.validate, definition.name, properties);
    if (errors) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        summarizeFieldErrors(definition.name, errors),
        errors,
      );
    }
  }

  private displayName(
    definition: CompiledDefinition,
    properties: Record<string, unknown>,
  ): string | null {
    const name = definition.primary_display_property;
    const value = name === undefined ? undefined : properties[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  }

  private uniqueClaims(
    definition: CompiledDefinition,
    properties: Record<string, unknown>,
  ): UniqueClaim[] {
    return definition.properties
      .filter(
        (property) =>
          property.unique &&
          properties[property.name] !== undefined &&
          properties[property.name] !== null,
      )
      .map((property) => ({
        property: property.name,
        value: uniqueKey(property, properties[property.name]),
      }));
  }

  private async claimUniqueValues(
    definition: CompiledDefinition,
    scope: RecordScope,
    recordId: string,
    claims: UniqueClaim[],
    tx: Tx,
  ): Promise<void> {
    const lost = await this.repository.claimUniqueValues(scope, recordId, claims, tx);
    if (lost.length === 0) {
      return;
    }
    const errors: FieldErrors = {};
    for (const claim of lost) {
      errors[claim.property] = `must be unique: another ${definition.name} already has this value`;
    }
    const [first] = lost;
    throw new AppError(
      ErrorCode.UniqueViolation,
      `Another ${definition.name} already has this ${Object.keys(errors).join(' and ')}`,
      errors,
      first?.holderId ? { existing_id: first.holderId } : undefined,
    );
  }
}
