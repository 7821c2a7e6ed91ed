import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { RequestContext } from 'src/organizations/request-context';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { diffDefinitions, toDefinitionInput } from './definition-change';
import { type CompiledDefinition, DefinitionRegistry } from './definition-registry';
import { compileDefinitionSchema } from './definition-schema.compiler';
import {
  identityOf,
  type ObjectDefinitionInput,
  type PropertyDefinition,
} from './definition.types';
import { readValidSystemDefinitions } from './definition.validator';
import {
  type DefinitionVersionValues,
  type ObjectDefinitionRow,
  ObjectDefinitionsRepository,
  type ObjectDefinitionValues,
} from './object-definitions.repository';

/** What a start-up sync did for one organization. */
export interface SystemSyncResult {
  created: string[];
  upgraded: string[];
}

/**
 * What registering a shipped definition writes, the same in every organization: its row and its
 * first history row, schema compiled and diff taken once per process, not once per organization.
 */
interface SystemRegistration {
  definition: ObjectDefinitionInput;
  values: Omit<ObjectDefinitionValues, 'organizationId'>;
  version: Omit<DefinitionVersionValues, 'organizationId' | 'objectDefinitionId'>;
  /** SHA-256 of `values` and `version`: names this content in `system_definition_template`. */
  contentHash: string;
}

@Injectable()
export class ObjectDefinitionsService {
  private readonly logger = new Logger(ObjectDefinitionsService.name);
  private systemDefinitions: ObjectDefinitionInput[] | undefined;
  private systemRegistrations: SystemRegistration[] | undefined;
  private systemTemplate: Promise<void> | undefined;

  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly registry: DefinitionRegistry,
    private readonly indexes: PropertyIndexesService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  listDefinitions(context: RequestContext): Promise<CompiledDefinition[]> {
    return this.registry.list(context.organizationId);
  }

  /** The definition named `name` in the caller's organization; unknown → 404. */
  async getDefinition(context: RequestContext, name: string): Promise<CompiledDefinition> {
    const definition = await this.registry.find(context.organizationId, name);
    if (!definition) {
      throw new AppError(ErrorCode.DefinitionNotFound, `No object named "${name}"`);
    }
    return definition;
  }

  /**
   * Inside a record write's transaction: holds the definition against concurrent schema changes.
   * False when it changed since `definition` was read: the caller retries with the fresh one.
   */
  async holdForRecordWrite(
    context: RequestContext,
    definition: CompiledDefinition,
    tx: Tx,
  ): Promise<boolean> {
    const version = await this.repository.lockForRecordWrite(
      context.organizationId,
      definition.id,
      tx,
    );
    return this.isCurrentVersion(context, definition, version);
  }

  /**
   * Outside a transaction: whether `definition` is still the current one, so that a record it
   * refused is refused for good. False drops the cached definitions, as holdForRecordWrite does.
   */
  async isCurrentForRecordWrite(
    context: RequestContext,
    definition: CompiledDefinition,
  ): Promise<boolean> {
    const version = await this.repository.findVersion(context.organizationId, definition.id);
    return this.isCurrentVersion(context, definition, version);
  }

  /**
   * Applies a rule of a definition read from the cache, outside any transaction: its refusal (an
   * AppError) stands only if that definition is still current (another process may have changed
   * it and not told us yet); else undefined, and the write is redone with the new definition.
   */
  async underCachedDefinition<T>(
    context: RequestContext,
    definition: CompiledDefinition,
    rule: () => T,
  ): Promise<T | undefined> {
    try {
      return rule();
    } catch (error) {
      if (error instanceof AppError && !(await this.isCurrentForRecordWrite(context, definition))) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * A record write found its definition changed (or archived) since it was read: drops the
   * organization's cached definitions, so the retry reads the current one. The one-statement create
   * (RecordWritesRepository.insertUnderDefinition) learns it by inserting nothing.
   */
  definitionChanged(context: RequestContext): void {
    this.registry.invalidate(context.organizationId);
  }

  private isCurrentVersion(
    context: RequestContext,
    definition: CompiledDefinition,
    version: number | undefined,
  ): boolean {
    if (version === definition.version) {
      return true;
    }
    this.definitionChanged(context);
    return false;
  }

  /**
   * The shipped system definitions, validated against the meta-schema (start-up fails fast with
   * `file: path: message` lines when one is wrong).
   */
  loadSystemDefinitions(): ObjectDefinitionInput[] {
    this.systemDefinitions ??= readValidSystemDefinitions();
    return this.systemDefinitions;
  }

  /**
   * Registers the system objects in an organization, idempotently: a missing one is created, one
   * whose shipped file changed is upgraded (version + 1), keeping properties admins added to it.
   * The missing ones (all of them in a new organization) take two statements, whatever their number.
   */
  async syncSystemDefinitions(organizationId: string): Promise<SystemSyncResult> {
    const shipped = this.loadSystemRegistrations();
    await this.ensureSystemTemplate();
    const result = await this.runInTransaction(async (tx) => {
      await this.repository.lockOrganization(organizationId, tx);
      const existing = new Map(
        (await this.repository.findAll(organizationId, true, tx)).map((row) => [row.name, row]),
      );
      const missing = shipped.filter(({ definition }) => !existing.has(definition.name));
      await this.registerSystemDefinitions(organizationId, missing, tx);
      const done: SystemSyncResult = {
        created: missing.map(({ definition }) => definition.name),
        upgraded: [],
      };
      for (const { definition } of shipped) {
        const row = existing.get(definition.name);
        if (row && !isDeepStrictEqual(row.systemSource, definition)) {
          await this.upgradeSystemDefinition(organizationId, row, definition, tx);
          done.upgraded.push(definition.name);
        }
      }
      return done;
    });
    if (result.created.length + result.upgraded.length > 0) {
      this.registry.invalidate(organizationId);
      // Registered objects want their indexes like any other definition change (on a fresh
      // database the start-up sync ran before the system objects existed). Objects only created
      // (a new organization) can add wants, not remove any: only their own indexes are checked.
      const created = shipped
        .filter(({ definition }) => result.created.includes(definition.name))
        .map(({ definition }) => definition);
      this.indexes.scheduleSync(result.upgraded.length > 0 ? undefined : created);
    }
    if (result.upgraded.length > 0) {
      this.logger.log(
        `Upgraded system objects of ${organizationId}: ${result.upgraded.join(', ')}`,
      );
    }
    return result;
  }

  /** SHA-256 naming the content of every shipped system object (changes when any file does). */
  systemDefinitionsHash(): string {
    const hashes = this.loadSystemRegistrations().map(({ contentHash }) => contentHash);
    return createHash('sha256').update(hashes.join('\n')).digest('hex');
  }

  private loadSystemRegistrations(): SystemRegistration[] {
    this.systemRegistrations ??= this.loadSystemDefinitions().map((definition) => {
      const values = this.systemValues(definition, definition.properties, 1);
      const version = {
        version: 1,
        changedBy: null,
        summary: 'Registered system object',
        diff: diffDefinitions(undefined, definition),
        snapshot: definition as unknown as Record<string, unknown>,
      };
      const contentHash = createHash('sha256')
        .update(JSON.stringify({ values, version }))
        .digest('hex');
      return { definition, values, version, contentHash };
    });
    return this.systemRegistrations;
  }

  /**
   * The shipped definitions in `system_definition_template`, written once per process (in its own
   * transaction; rows already holding this content are left alone). A failure is retried next time.
   */
  private ensureSystemTemplate(): Promise<void> {
    this.systemTemplate ??= this.runInTransaction((tx) =>
      this.repository.writeSystemTemplate(
        this.loadSystemRegistrations().map(({ values, version, contentHash }) => ({
          name: values.name,
          contentHash,
          labelSingular: values.labelSingular,
          labelPlural: values.labelPlural,
          description: values.description,
          navGroup: values.navGroup,
          icon: values.icon,
          color: values.color,
          properties: values.properties,
          jsonSchema: values.jsonSchema,
          primaryDisplayProperty: values.primaryDisplayProperty,
          identity: values.identity,
          systemSource: values.systemSource ?? {},
          versionSummary: version.summary,
          versionDiff: version.diff,
          versionSnapshot: version.snapshot,
        })),
        tx,
      ),
    ).catch((error: unknown) => {
      this.systemTemplate = undefined;
      throw error;
    });
    return this.systemTemplate;
  }

  /**
   * Their rows and first history rows, copied from the template in one statement; any the
   * template does not hold as shipped (another server version rewrote it) are inserted from here.
   */
  private async registerSystemDefinitions(
    organizationId: string,
    registrations: SystemRegistration[],
    tx: Tx,
  ): Promise<void> {
    if (registrations.length === 0) {
      return;
    }
    const copied = await this.repository.insertFromSystemTemplate(
      organizationId,
      registrations.map(({ definition, contentHash }) => ({
        name: definition.name,
        contentHash,
      })),
      tx,
    );
    const rest = registrations.filter(({ definition }) => !copied.has(definition.name));
    if (rest.length === 0) {
      return;
    }
    const ids = await this.repository.insertMany(
      rest.map(({ values }) => ({ ...values, organizationId })),
      tx,
    );
    await this.repository.insertVersions(
      rest.map(({ definition, version }) => {
        const objectDefinitionId = ids.get(definition.name);
        if (!objectDefinitionId) {
          throw new Error(`${definition.name} was not inserted`);
        }
        return { ...version, organizationId, objectDefinitionId };
      }),
      tx,
    );
  }

  private async upgradeSystemDefinition(
    organizationId: string,
    row: ObjectDefinitionRow,
    definition: ObjectDefinitionInput,
    tx: Tx,
  ): Promise<void> {
    const previouslyShipped = new Set(
      ((row.systemSource?.properties ?? []) as PropertyDefinition[]).map((p) => p.name),
    );
    const shippedNames = new Set(definition.properties.map((p) => p.name));
    const addedByAdmins = (row.properties as PropertyDefinition[]).filter(
      (p) => !previouslyShipped.has(p.name) && !shippedNames.has(p.name),
    );
    // Automatic indexes are decisions about this organization's use, not the file's: kept.
    const autoIndexes = new Map(
      (row.properties as PropertyDefinition[]).flatMap((p) =>
        p.auto_index ? [[p.name, p.auto_index] as const] : [],
      ),
    );
    const properties = [
      ...definition.properties.map((p) => {
        const autoIndex = autoIndexes.get(p.name);
        return autoIndex && !p.auto_index ? { ...p, auto_index: autoIndex } : p;
      }),
      ...addedByAdmins,
    ];
    const values = this.systemValues(definition, properties, row.version + 1);
    await this.repository.update(organizationId, row.id, values, tx);
    const after: ObjectDefinitionInput = { ...definition, properties };
    await this.repository.insertVersion(
      {
        organizationId,
        objectDefinitionId: row.id,
        version: values.version,
        changedBy: null,
        summary: 'Upgraded from the shipped definition file',
        diff: diffDefinitions(toDefinitionInput(row), after),
        snapshot: after as unknown as Record<string, unknown>,
      },
      tx,
    );
    await this.repository.notifyChanged(organizationId, tx);
  }

  private systemValues(
    definition: ObjectDefinitionInput,
    properties: PropertyDefinition[],
    version: number,
  ): Omit<ObjectDefinitionValues, 'organizationId'> {
    const merged: ObjectDefinitionInput = { ...definition, properties };
    return {
      name: definition.name,
      labelSingular: definition.labels.singular,
      labelPlural: definition.labels.plural,
      description: definition.description ?? null,
      navGroup: definition.group ?? null,
      icon: definition.icon ?? null,
      color: definition.color ?? null,
      isSystem: true,
      properties,
      jsonSchema: compileDefinitionSchema(merged),
      primaryDisplayProperty: definition.primary_display_property ?? null,
      identity: identityOf(definition),
      systemSource: definition as unknown as Record<string, unknown>,
      version,
    };
  }
}
