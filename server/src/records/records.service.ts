import { Inject, Injectable } from '@nestjs/common';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import type { LinkedIds, LinkSide } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { IfMatch } from 'src/common/http/if-match';
import { EXACT_COUNT_LIMIT, type RawListQuery } from 'src/common/http/list-query';
import { newRecordId, UUID } from 'src/common/uuid';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import type { RequestContext } from 'src/organizations/request-context';
import type { IndexUse } from 'src/property-indexes/index-usage';
import { IndexUsageService } from 'src/property-indexes/index-usage.service';
import { hasHiddenProperties, readableDefinition, readOwnerFilter, scopeOf } from './record-access';
import { RecordAsOfService } from './record-as-of.service';
import type { DuplicateMatch } from './record-duplicates.repository';
import { listIndexUses } from './record-index-uses';
import { linkedIdsOf, linkTypesOf, RecordLinksService } from './record-links.service';
import {
  type LinkContext,
  type LinkFilter,
  type RecordListQuery,
  toRecordListQuery,
} from './record-list-query';
import { recycleBinFilter } from './record-recycle-bin.rules';
import { includedSides, LINKS_READ_PER_SIDE, type SplitBody, withLinks } from './record-references';
import { rankWindowSize, visibleSearchVector } from './record-sql';
import type { DeleteWrite, RestoreWrite, UpdateWrite } from './record-write';
import { newCreateWrite, newUpdateWrite } from './record-write.factory';
import { RecordWritePipeline } from './record-write.pipeline';
import { type RecordResponse, toRecordResponse } from './records.dto';
import {
  type RecordCount,
  type RecordRow,
  type RecordScope,
  RecordsRepository,
} from './records.repository';

const MAX_WRITE_ATTEMPTS = 3;

export interface RecordPage {
  records: RecordResponse[];
  start: number;
  total: number;
  /** The total is an estimate (more than EXACT_COUNT_LIMIT matches). */
  totalIsEstimate: boolean;
}

export interface ReadOptions {
  /** Association sides whose linked ids to add (`?include=company,contacts`). */
  include?: string[];
  /** Only records linked this way (the associated records of another record). */
  link?: LinkFilter;
  /** The record as it was at this instant, rebuilt from the event log (`?as_of=`). */
  asOf?: Date;
  /** Get: a record of the recycle bin (`?archived=true`), not a live one. */
  archived?: boolean;
}

export interface WriteOptions {
  /** Plinth itself writes (seeds, imports): read-only properties may be set. */
  isTrusted?: boolean;
  /** A fixed id for the new record (seeds). */
  id?: string;
  /** Update and delete: the versions the client expects (412 when the record is at another). */
  ifMatch?: IfMatch;
}

/** A wire record and its version, which the HTTP layer sends as the ETag. */
export interface VersionedRecord {
  record: RecordResponse;
  version: number;
  /** A create: records that look the same by a `warn` duplicate rule. */
  duplicates?: DuplicateMatch[];
  /** A read of a merged record's id: the survivor answered, and the id asked for. */
  mergedId?: string;
}

@Injectable()
export class RecordsService {
  constructor(
    private readonly repository: RecordsRepository,
    private readonly definitions: ObjectDefinitionsService,
    private readonly associations: AssociationDefinitionsService,
    private readonly links: RecordLinksService,
    private readonly pipeline: RecordWritePipeline,
    private readonly asOf: RecordAsOfService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
    private readonly indexUsage: IndexUsageService,
  ) {}

  /** Counts what a list or search filtered and sorted on (in memory: no I/O). */
  noteIndexUses(context: RequestContext, definition: CompiledDefinition, uses: IndexUse[]): void {
    this.indexUsage.note(context.organizationId, definition, uses);
  }

  async listRecords(
    context: RequestContext,
    objectName: string,
    rawQuery: RawListQuery,
    options: ReadOptions = {},
  ): Promise<RecordPage> {
    const { definition, scope: liveScope } = await this.readable(context, objectName);
    // `filter={"archived":true}`: the recycle bin's records, through the same list machinery.
    const bin = recycleBinFilter(rawQuery);
    const raw = bin.raw;
    const scope: RecordScope = bin.archived ? { ...liveScope, archived: true } : liveScope;
    const linkContext = await this.linkContext(context, objectName, Object.keys(raw.filter));
    const query = withVisibleSearch(
      context,
      definition,
      toRecordListQuery(raw, definition, linkContext),
    );
    if (options.link) {
      query.links.push(options.link);
    }
    this.noteIndexUses(context, definition, listIndexUses(query));
    const exact = raw.exactTotal === true;
    const [{ rows, windowMatches }, counted] = await Promise.all([
      this.repository.findPage(scope, query),
      // A ranked page counts the matches in its window: a count only when that window is full.
      query.sort.target.kind === 'rank' && !exact
        ? undefined
        : this.repository.count(scope, query, { exact, exactLimit: EXACT_COUNT_LIMIT }),
    ]);
    const total = counted ?? (await this.rankedTotal(scope, query, windowMatches));
    // A short page is the last one: it tells the total exactly.
    const isLastPage = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
    return {
      records: await this.respond(context, definition, rows, options.include, linkContext.sides),
      start: query.offset,
      total: total.isEstimate
        ? isLastPage
          ? query.offset + rows.length
          : Math.max(total.total, query.offset + rows.length + 1)
        : total.total,
      totalIsEstimate: total.isEstimate && !isLastPage,
    };
  }

  /** The total of a ranked (full-text) page: its window's matches, unless the window is full. */
  private async rankedTotal(
    scope: RecordScope,
    query: RecordListQuery,
    windowMatches: number | undefined,
  ): Promise<RecordCount> {
    if (windowMatches === undefined) {
      // An empty page past the matches says nothing of them: count.
      return this.repository.count(scope, query, { exact: false, exactLimit: EXACT_COUNT_LIMIT });
    }
    return windowMatches < rankWindowSize(query)
      ? { total: windowMatches, isEstimate: false }
      : this.repository.estimate(scope, query, windowMatches);
  }

  async getRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    options: ReadOptions = {},
  ): Promise<RecordResponse> {
    return (await this.getVersionedRecord(context, objectName, id, options)).record;
  }

  async getVersionedRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    options: ReadOptions = {},
  ): Promise<VersionedRecord> {
    if (options.asOf) {
      return this.asOf.readAsOf(context, objectName, id, options.asOf);
    }
    const { definition, scope } = await this.readable(context, objectName);
    if (!UUID.test(id)) {
      throw this.notFound(definition, id);
    }
    const plan = await this.linkPlan(context, definition, options.include);
    const read = options.archived ? { ...scope, archived: true as const } : scope;
    // The record and its links in one statement (an id that names no record has no links).
    const found = plan
      ? await this.repository.findByIdWithLinks(
          read,
          id,
          linkTypesOf(plan.wanted),
          LINKS_READ_PER_SIDE,
        )
      : undefined;
    const row = plan ? found?.row : await this.repository.findById(read, id);
    const linked = plan && found ? linkedIdsOf(plan.wanted, found.links) : undefined;
    if (!row) {
      // A merged record's id answers its survivor, so integrators' stored ids keep working.
      const survivorId = await this.repository.findMergedInto(scope, id);
      if (survivorId) {
        const survivor = await this.getVersionedRecord(context, objectName, survivorId, options);
        return { ...survivor, mergedId: id };
      }
      throw this.notFound(definition, id);
    }
    const record = toRecordResponse(definition, row);
    return {
      record: plan && linked ? withLinks(record, plan.toOne, plan.included, linked) : record,
      version: row.version,
    };
  }

  async createRecord(
    context: RequestContext,
    objectName: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<RecordResponse> {
    return (await this.createVersionedRecord(context, objectName, body, options)).record;
  }

  async createVersionedRecord(
    context: RequestContext,
    objectName: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<VersionedRecord> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const id = options.id ?? newRecordId();
    const { definition, result: write } = await this.underCurrentDefinition(
      context,
      objectName,
      async (definition, scope) => {
        const prepared = await this.pipeline.prepare(
          newCreateWrite(context, definition, scope, sides, [{ id, body }], options),
        );
        if (!prepared) {
          return undefined;
        }
        if (this.pipeline.isSingleStatement(prepared)) {
          // Nothing else to write: one autocommit statement, no BEGIN and COMMIT round trips.
          return (await this.pipeline.commit(prepared)) ? prepared.write : undefined;
        }
        return this.runInTransaction(async (tx) => {
          if (!(await this.pipeline.commit(prepared, tx))) {
            return undefined;
          }
          await this.setReferences(context, id, prepared.write.drafts[0]?.references ?? [], tx);
          return prepared.write;
        });
      },
    );
    const [response] = await this.respondCreated(
      context,
      definition,
      write.rows.map((row, index) => ({ row, references: write.drafts[index]?.references ?? [] })),
      sides,
    );
    return {
      record: response as RecordResponse,
      version: write.rows[0]?.version ?? 1,
      duplicates: write.drafts[0]?.duplicates ?? [],
    };
  }

  /**
   * PUT and PATCH: merges the given properties; `null` removes one. Validates the merged record.
   * Without If-Match the last writer wins; with it, a record changed meanwhile is a 412. The
   * stages read the record unlocked: a change that writes no unique value or link is then one
   * statement at the version they read; otherwise it is written in a transaction that locks the
   * record at that version. A record that moved on meanwhile is written again from the start,
   * locked (so no update is lost and If-Match is checked against what is overwritten).
   */
  async updateRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    body: unknown,
    options: WriteOptions = {},
  ): Promise<VersionedRecord> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const newWrite = (definition: CompiledDefinition, scope: RecordScope): UpdateWrite =>
      newUpdateWrite(context, definition, scope, sides, { id, body }, options);
    const { definition, result: write } = await this.underCurrentDefinition(
      context,
      objectName,
      async (definition, scope) => {
        const prepared = await this.pipeline.prepare(newWrite(definition, scope));
        if (!prepared) {
          return undefined;
        }
        if (this.pipeline.isSingleStatement(prepared) && (await this.pipeline.commit(prepared))) {
          return prepared.write;
        }
        // Unique values or links to write, or the record moved on: in a transaction, locked.
        return this.holdingDefinition(context, definition, async (tx) => {
          let locked = prepared.write;
          if (await this.pipeline.lockAsPrepared(prepared, tx)) {
            await this.pipeline.commit(prepared, tx);
          } else {
            locked = await this.pipeline.run(newWrite(definition, scope), tx);
          }
          await this.setReferences(context, id, locked.references, tx);
          return locked;
        });
      },
    );
    const row = write.row as RecordRow;
    const [response] = await this.respond(context, definition, [row], [], sides);
    return { record: response as RecordResponse, version: row.version };
  }

  /**
   * Moves a record to the recycle bin (its links and unique values stay, hidden), or with
   * `permanent` purges it (a live one or one of the bin): the row, its links and unique values go.
   * Returns what it was.
   */
  async deleteRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    options: Pick<WriteOptions, 'ifMatch'> & { permanent?: boolean } = {},
  ): Promise<RecordResponse> {
    const isPermanent = options.permanent === true;
    // Links are read before a purge's cascade removes them (and outside the transaction: a write
    // never holds one connection while it waits for another).
    const before = isPermanent
      ? await this.getPurgeable(context, objectName, id)
      : await this.getRecord(context, objectName, id);
    const { definition, result: write } = await this.inWriteTransaction(
      context,
      objectName,
      (definition, scope, tx) =>
        this.pipeline.run<DeleteWrite>(
          {
            kind: 'delete',
            context,
            definition,
            scope,
            sides: [],
            isTrusted: false,
            id,
            ifMatch: options.ifMatch,
            isPermanent,
          },
          tx,
        ),
    );
    return {
      ...before,
      ...toRecordResponse(
        readableDefinition(context, definition),
        write.row ?? (write.current as RecordRow),
      ),
    };
  }

  /** A record to purge: a live one, else one of the recycle bin (404 when neither). */
  private async getPurgeable(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<RecordResponse> {
    try {
      return await this.getRecord(context, objectName, id);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.RecordNotFound) {
        return this.getRecord(context, objectName, id, { archived: true });
      }
      throw error;
    }
  }

  /**
   * Brings a record of the recycle bin back with its values, unique values (reserved meanwhile)
   * and links (those whose other end still exists: a purge of the other record removed the link).
   */
  async restoreRecord(
    context: RequestContext,
    objectName: string,
    id: string,
    options: Pick<WriteOptions, 'ifMatch'> = {},
  ): Promise<VersionedRecord> {
    const sides = await this.associations.sidesOfObject(context, objectName);
    const { definition, result: write } = await this.inWriteTransaction(
      context,
      objectName,
      (definition, scope, tx) =>
        this.pipeline.run<RestoreWrite>(
          {
            kind: 'restore',
            context,
            definition,
            scope,
            sides,
            isTrusted: false,
            id,
            ifMatch: options.ifMatch,
          },
          tx,
        ),
    );
    const row = write.row as RecordRow;
    const [response] = await this.respond(context, definition, [row], [], sides);
    return { record: response as RecordResponse, version: row.version };
  }

  /**
   * One record write in one transaction, under the definition it was validated with: the
   * definition row is held against concurrent schema changes, and a write that raced one is
   * redone with the new definition.
   */
  private inWriteTransaction<T>(
    context: RequestContext,
    objectName: string,
    work: (definition: CompiledDefinition, scope: RecordScope, tx: Tx) => Promise<T>,
  ): Promise<{ definition: CompiledDefinition; result: T }> {
    return this.underCurrentDefinition(context, objectName, (definition, scope) =>
      this.holdingDefinition(context, definition, (tx) => work(definition, scope, tx)),
    );
  }

  /** `work` in a transaction that holds `definition`; undefined when it changed meanwhile. */
  private holdingDefinition<T>(
    context: RequestContext,
    definition: CompiledDefinition,
    work: (tx: Tx) => Promise<T>,
  ): Promise<T | undefined> {
    return this.runInTransaction(async (tx) =>
      (await this.definitions.holdForRecordWrite(context, definition, tx)) ? work(tx) : undefined,
    );
  }

  /**
   * Runs `attempt` with the current definition until it goes through: undefined means the
   * definition changed meanwhile, and the attempt is redone with the new one (409 after
   * MAX_WRITE_ATTEMPTS).
   */
  async underCurrentDefinition<T>(
    context: RequestContext,
    objectName: string,
    attempt: (definition: CompiledDefinition, scope: RecordScope) => Promise<T | undefined>,
  ): Promise<{ definition: CompiledDefinition; result: T }> {
    for (let count = 1; ; count++) {
      const definition = await this.definitions.getDefinition(context, objectName);
      const result = await attempt(definition, this.scope(context, definition));
      if (result !== undefined) {
        return { definition, result };
      }
      if (count >= MAX_WRITE_ATTEMPTS) {
        throw new AppError(ErrorCode.Conflict, `The ${objectName} object kept changing; try again`);
      }
    }
  }

  /** `<side>_id` fields of a body: link writes, each through the write path. */
  async setReferences(
    context: RequestContext,
    recordId: string,
    references: SplitBody['references'],
    tx: Tx,
  ): Promise<void> {
    for (const { side, otherId } of references) {
      await this.links.setReference(context, side, recordId, otherId, tx);
    }
  }

  /**
   * Wire records of records just created. Their links are exactly the references the write set,
   * so the to-one fields come from those, not from a query. Only when one refers to a record of
   * the same write are the links read back: a self-association's link to the record itself shows
   * on both of its sides, and a later reference of the write may have removed an earlier one.
   */
  async respondCreated(
    context: RequestContext,
    definition: CompiledDefinition,
    created: Array<{ row: RecordRow; references: SplitBody['references'] }>,
    sides: LinkSide[],
  ): Promise<RecordResponse[]> {
    const newIds = new Set(created.map(({ row }) => row.id));
    if (created.some(({ references }) => references.some((r) => newIds.has(r.otherId ?? '')))) {
      return this.respond(
        context,
        definition,
        created.map(({ row }) => row),
        [],
        sides,
      );
    }
    // As in linkPlan: links to an object the role may not read are not shown.
    const toOne = sides.filter(
      (side) => side.referenceField && scopeOf(context, side.otherObject, 'read') !== 'none',
    );
    const linked: LinkedIds = new Map(
      created.map(({ row, references }) => [
        row.id,
        new Map(
          references.flatMap(({ side, otherId }): Array<[string, string[]]> =>
            otherId === null ? [] : [[side.name, [otherId]]],
          ),
        ),
      ]),
    );
    const shown = readableDefinition(context, definition);
    return created.map(({ row }) => withLinks(toRecordResponse(shown, row), toOne, [], linked));
  }

  /** Wire records: properties, plus reference ids and (when asked) included associations. */
  async respond(
    context: RequestContext,
    definition: CompiledDefinition,
    rows: RecordRow[],
    include: string[] = [],
    knownSides?: LinkSide[],
  ): Promise<RecordResponse[]> {
    const shown = readableDefinition(context, definition);
    const records = rows.map((row) => toRecordResponse(shown, row));
    const plan = await this.linkPlan(context, definition, include, knownSides);
    if (!plan || records.length === 0) {
      return records;
    }
    const linked = await this.links.readLinks(
      context,
      plan.wanted,
      records.map((record) => record.id),
      LINKS_READ_PER_SIDE,
    );
    return records.map((record) => withLinks(record, plan.toOne, plan.included, linked));
  }

  /**
   * Which links a response shows: the to-one sides (reference fields) and the included ones;
   * undefined when none.
   */
  private async linkPlan(
    context: RequestContext,
    definition: CompiledDefinition,
    include: string[] = [],
    knownSides?: LinkSide[],
  ): Promise<{ toOne: LinkSide[]; included: LinkSide[]; wanted: LinkSide[] } | undefined> {
    // Links to an object the role may not read are not shown at all.
    const sides = (
      knownSides ?? (await this.associations.sidesOfObject(context, definition.name))
    ).filter((side) => scopeOf(context, side.otherObject, 'read') !== 'none');
    const toOne = sides.filter((side) => side.referenceField);
    const included = includedSides(include, sides, definition.name);
    const wanted = [...new Set([...toOne, ...included])];
    return wanted.length === 0 ? undefined : { toOne, included, wanted };
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
    const sides = await this.associations.sidesOfObject(context, objectName);
    const otherDefinitions = new Map<string, CompiledDefinition>();
    for (const key of filterNames.filter((k) => k.includes('.'))) {
      const side = sides.find((s) => s.name === key.split('.')[0]);
      if (side && !otherDefinitions.has(side.otherObject)) {
        // Filtering by another object's values reads them: the role must read it, hidden ones apart.
        readOwnerFilter(context, side.otherObject);
        otherDefinitions.set(
          side.otherObject,
          readableDefinition(
            context,
            await this.definitions.getDefinition(context, side.otherObject),
          ),
        );
      }
    }
    return { sides, otherDefinitions };
  }

  /** The object exists in the caller's organization (else 404 DEFINITION_NOT_FOUND). */
  async assertObject(context: RequestContext, objectName: string): Promise<void> {
    await this.definitions.getDefinition(context, objectName);
  }

  /**
   * 404 unless the caller may read the record (read scope `own`: only its own), 403 when it may
   * read none of the object; the object as the caller sees it (hidden properties removed).
   */
  async assertReadableRecord(
    context: RequestContext,
    objectName: string,
    id: string,
  ): Promise<CompiledDefinition> {
    const { definition, scope } = await this.readable(context, objectName);
    if (!UUID.test(id) || !(await this.repository.findById(scope, id))) {
      throw this.notFound(definition, id);
    }
    return definition;
  }

  /** Whether a record exists (seeds use it to stay idempotent). */
  async recordExists(context: RequestContext, objectName: string, id: string): Promise<boolean> {
    const definition = await this.definitions.getDefinition(context, objectName);
    return this.repository.exists(this.scope(context, definition), id);
  }

  /**
   * An object as the caller may read it: its definition without the properties the role hides,
   * and the scope of its reads (one member's records for a read scope `own`; 403 for `none`).
   */
  async readable(
    context: RequestContext,
    objectName: string,
  ): Promise<{ definition: CompiledDefinition; scope: RecordScope }> {
    const definition = await this.definitions.getDefinition(context, objectName);
    const ownerId = readOwnerFilter(context, definition.name);
    return {
      definition: readableDefinition(context, definition),
      scope: {
        ...this.scope(context, definition),
        ...(ownerId !== undefined ? { ownerId } : {}),
      },
    };
  }

  private scope(context: RequestContext, definition: CompiledDefinition): RecordScope {
    return { organizationId: context.organizationId, definitionId: definition.id };
  }

  private notFound(definition: CompiledDefinition, id: string): AppError {
    return new AppError(ErrorCode.RecordNotFound, `No ${definition.name} with id ${id}`);
  }
}

/**
 * `q` over what the caller may see: when its role hides some of the object's properties, the
 * search (and its ranking) reads a vector of the visible values instead of the stored one, which
 * holds the hidden values too. Every other caller keeps the indexed vector.
 */
export function withVisibleSearch<Q extends { q?: string; searchVector?: string }>(
  context: RequestContext,
  shown: CompiledDefinition,
  query: Q & { sort?: RecordListQuery['sort'] },
): Q {
  if (!query.q || !hasHiddenProperties(context, shown.name)) {
    return query;
  }
  const display =
    shown.primary_display_property === undefined
      ? undefined
      : shown.propertyByName.get(shown.primary_display_property);
  const vector = visibleSearchVector(shown.properties, display);
  query.searchVector = vector;
  if (query.sort?.target.kind === 'rank') {
    query.sort.target.vector = vector;
  }
  return query;
}
