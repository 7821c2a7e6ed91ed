import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RawListQuery } from 'src/common/http/list-query';
import { UUID } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import {
  assertValid,
  displayName,
  searchText,
  uniqueClaims,
  visible,
  withDefaults,
  writableProperties,
} from './record-body.rules';
import type { LinkSide } from './record-links';
import { RecordLinksRegistry } from './record-links';
import { type LinkContext, type LinkFilter, toRecordListQuery } from './record-list-query';
import { includedSides, type SplitBody, splitReferences, withLinks } from './record-references';
import { type RecordResponse, toRecordResponse } from './records.dto';
import {
  type RecordRow,
  type RecordScope,
  RecordsRepository,
  type UniqueClaim,
} from './records.repository';

const MAX_WRITE_ATTEMPTS = 3;

export interface RecordPage {
  records: RecordResponse[];
  start: number;
  total: number;
}

export interface ReadOptions {
  /** Association sides whose linked ids to add (`?include=company,contacts`). */
  include?: string[];
  /** Only records linked this way (the associated records of another record). */
  link?: LinkFilter;
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
    private readonly links: RecordLinksRegistry,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  async listRecords(
    context: RequestContext,
    objectName: string,
    raw: RawListQuery,
    options: ReadOptions = {},
  ): Promise<RecordPage> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const linkContext = await this.linkContext(context, objectName, Object.keys(raw.filter));
    const query = toRecordListQuery(raw, definition, linkContext);
    if (options.link) {
      query.links.push(options.link);
    }
    const scope = this.scope(context, definition);
    const [rows, total] = await Promise.all([
      this.repository.findPage(scope, query),
      this.repository.count(scope, query),
    ]);
    return {
      records: await this.respond(context, definition, rows, options.include, linkContext.sides),
      start: query.offset,
      total,
    };
  }

  async getRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    options: ReadOptions = {},
  ): Promise<RecordResponse> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const row = UUID.test(id)
      ? await this.repository.findById(this.scope(context, definition), id)
      : undefined;
    if (!row) {
      throw this.notFound(definition, id);
    }
    return this.respondOne(context, definition, row, options.include);
  }

  async createRecord(
    context: RequestContext,
    objectName: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    const sides = await this.links.current.sidesOf(context, objectName);
    const split = splitReferences(body, sides);
    return this.write(
      context,
      objectName,
      split.references,
      sides,
      async (definition, scope, tx) => {
        const properties = withDefaults(
          definition,
          writableProperties(definition, split.body, options),
        );
        for (const [name, value] of Object.entries(properties)) {
          if (value === null) {
            delete properties[name];
          }
        }
        assertValid(definition, properties);
        const created = await this.repository.insert(
          scope,
          {
            ...(options.id ? { id: options.id } : {}),
            properties,
            displayName: displayName(definition, properties),
            searchText: searchText(definition, properties),
          },
          tx,
        );
        await this.claimUniqueValues(
          definition,
          scope,
          created.id,
          uniqueClaims(definition, properties),
          tx,
        );
        return created;
      },
    );
  }

  /** PUT and PATCH: merges the given properties; `null` removes one. Validates the merged record. */
  async updateRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    const sides = await this.links.current.sidesOf(context, objectName);
    const split = splitReferences(body, sides);
    return this.write(
      context,
      objectName,
      split.references,
      sides,
      async (definition, scope, tx) => {
        const changes = writableProperties(definition, split.body, options);
        const current = await this.lockRecord(definition, scope, id, tx);
        // Values of deleted properties stay stored (they come back on restore) but are not validated.
        const merged: Record<string, unknown> = { ...current.properties, ...changes };
        for (const [name, value] of Object.entries(changes)) {
          if (value === null) {
            delete merged[name];
          }
        }
        const checked = { ...visible(definition, current.properties), ...changes };
        for (const [name, value] of Object.entries(changes)) {
          if (value === null) {
            delete checked[name];
          }
        }
        assertValid(definition, checked);
        const before = new Map(
          uniqueClaims(definition, current.properties).map((c) => [c.property, c.value]),
        );
        const after = uniqueClaims(definition, merged);
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
          {
            properties: merged,
            displayName: displayName(definition, merged),
            searchText: searchText(definition, merged),
          },
          tx,
        );
      },
    );
  }

  /** Deletes a record (and, through the database, its associations); returns what it was. */
  async deleteRecord(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<RecordResponse> {
    // Links are read before the cascade removes them (and outside the transaction: a write never
    // holds one connection while it waits for another).
    const before = await this.getRecord(context, objectName, id);
    return this.write(context, objectName, [], undefined, async (definition, scope, tx) => {
      const current = await this.lockRecord(definition, scope, id, tx);
      await this.repository.delete(scope, id, tx);
      return { ...current, response: { ...before, ...toRecordResponse(definition, current) } };
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
    references: SplitBody['references'],
    /** The object's association sides when already read (a create reads them once). */
    sides: LinkSide[] | undefined,
    work: (
      definition: CompiledDefinition,
      scope: RecordScope,
      tx: Tx,
    ) => Promise<RecordRow & { response?: RecordResponse }>,
  ): Promise<RecordResponse> {
    for (let attempt = 1; ; attempt++) {
      const definition = await this.definitions.getDefinition(context, objectName);
      const scope = this.scope(context, definition);
      const row = await this.runInTransaction(async (tx) => {
        const isCurrent = await this.definitions.holdForRecordWrite(context, definition, tx);
        if (!isCurrent) {
          return undefined;
        }
        const written = await work(definition, scope, tx);
        for (const { side, otherId } of references) {
          await this.links.current.setReference(context, side, written.id, otherId, tx);
        }
        return written;
      });
      if (row) {
        if (row.response) {
          return row.response;
        }
        const [response] = await this.respond(context, definition, [row], [], sides);
        return response as RecordResponse;
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        throw new AppError(ErrorCode.Conflict, `The ${objectName} object kept changing; try again`);
      }
    }
  }

  private async respondOne(
    context: RequestContext,
    definition: CompiledDefinition,
    row: RecordRow,
    include: string[] = [],
  ): Promise<RecordResponse> {
    const [response] = await this.respond(context, definition, [row], include);
    return response as RecordResponse;
  }

  /** Wire records: properties, plus reference ids and (when asked) included associations. */
  async respond(
    context: RequestContext,
    definition: CompiledDefinition,
    rows: RecordRow[],
    include: string[] = [],
    knownSides?: LinkSide[],
  ): Promise<RecordResponse[]> {
    const records = rows.map((row) => toRecordResponse(definition, row));
    const sides = knownSides ?? (await this.links.current.sidesOf(context, definition.name));
    const toOne = sides.filter((side) => side.referenceField);
    const included = includedSides(include, sides, definition.name);
    const wanted = [...new Set([...toOne, ...included])];
    if (wanted.length === 0 || records.length === 0) {
      return records;
    }
    const linked = await this.links.current.readLinks(
      context,
      wanted,
      records.map((record) => record.id),
    );
    return records.map((record) => withLinks(record, toOne, included, linked));
  }

  /**
   * The object's association sides, and the definitions the dotted filter names among
   * `filterNames` (`deals.stage`) need. Lists and search check their filters with it.
   */
  async linkContext(
    context: RequestContext,
    objectName: string,
    filterNames: string[],
  ): Promise<LinkContext> {
    const sides = await this.links.current.sidesOf(context, objectName);
    const otherDefinitions = new Map<string, CompiledDefinition>();
    for (const key of filterNames.filter((k) => k.includes('.'))) {
      const side = sides.find((s) => s.name === key.split('.')[0]);
      if (side && !otherDefinitions.has(side.otherObject)) {
        otherDefinitions.set(
          side.otherObject,
          await this.definitions.getDefinition(context, side.otherObject),
        );
      }
    }
    return { sides, otherDefinitions };
  }

  /** The object exists in the caller's organization (else 404 DEFINITION_NOT_FOUND). */
  async assertObject(context: RequestContext, objectName: string): Promise<void> {
    await this.definitions.getDefinition(context, objectName);
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
