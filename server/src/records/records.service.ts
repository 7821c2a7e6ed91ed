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
const MAX_WRITE_ATTEMPTS = 3;
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
    return this.write(context, objectName, async (definition, scope, tx) => {
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
  }

  /** PUT and PATCH: merges the given properties; `null` removes one. Validates the merged record. */
  async updateRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    return this.write(context, objectName, async (definition, scope, tx) => {
      const changes = this.writableProperties(definition, body, options);
      const current = await this.lockRecord(definition, scope, id, tx);
      // Values of deleted properties stay stored (they come back on restore) but are not validated.
      const merged: Record<string, unknown> = { ...current.properties, ...changes };
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) {
          delete merged[name];
        }
      }
      const checked = { ...this.visible(definition, current.properties), ...changes };
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) {
          delete checked[name];
        }
      }
      this.assertValid(definition, checked);
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
  }

  /** Deletes a record (and, through the database, its associations); returns what it was. */
  async deleteRecord(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<RecordResponse> {
    return this.write(context, objectName, async (definition, scope, tx) => {
      const current = await this.lockRecord(definition, scope, id, tx);
      await this.repository.delete(scope, id, tx);
      return current;
    });
  }

  /**
   * One record write in one transaction, under the definition it was validated with: the
   * definition row is held against concurrent schema changes, and a write that raced one is
   * redone with the new definition.
   */
  private async write(
    context: RequestContext,
    objectName: string,
    work: (definition: CompiledDefinition, scope: RecordScope, tx: Tx) => Promise<RecordRow>,
  ): Promise<RecordResponse> {
    for (let attempt = 1; ; attempt++) {
      const definition = await this.definitions.getDefinition(context, objectName);
      const scope = this.scope(context, definition);
      const row = await this.runInTransaction(async (tx) => {
        const isCurrent = await this.definitions.holdForRecordWrite(context, definition, tx);
        return isCurrent ? work(definition, scope, tx) : undefined;
      });
      if (row) {
        return toRecordResponse(definition, row);
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new AppError(ErrorCode.Conflict, `The ${objectName} object kept changing; try again`);
      }
    }
  }

  /** Stored properties the definition still has (values of deleted ones are left out). */
  private visible(
    definition: CompiledDefinition,
    properties: Record<string, unknown>,
  ): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(properties).filter(([name]) => definition.propertyByName.has(name)),
    );
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
