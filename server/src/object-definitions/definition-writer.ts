import { Inject, Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { RUN_IN_TRANSACTION } from 'src/database/database.tokens';
import type { RunInTransaction, Tx } from 'src/database/transaction';
import type { RequestContext } from 'src/organizations/request-context';
import { PropertyIndexesService } from 'src/property-indexes/property-indexes.service';
import { type DeletedProperty, diffDefinitions, toDefinitionInput } from './definition-change';
import { type CompiledDefinition, DefinitionRegistry } from './definition-registry';
import { compileDefinitionSchema } from './definition-schema.compiler';
import { identityOf, type ObjectDefinitionInput } from './definition.types';
import { validateDefinition } from './definition.validator';
import {
  type ObjectDefinitionRow,
  ObjectDefinitionsRepository,
} from './object-definitions.repository';

export interface DefinitionVersion {
  version: number;
  changed_at: string;
  changed_by: string | null;
  summary: string;
  diff: unknown[];
}

/** What a change to a definition's stored row looks like before it is written. */
export interface DefinitionChange {
  definition: ObjectDefinitionInput;
  deletedProperties?: DeletedProperty[];
  archivedAt?: Date | null;
  summary: string;
}

/**
 * Writes definition changes: validated against the meta-schema, version + 1, history row, and a
 * NOTIFY so every process refreshes its registry on the next request (this one at once).
 */
@Injectable()
export class DefinitionWriter {
  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly registry: DefinitionRegistry,
    private readonly indexes: PropertyIndexesService,
    @Inject(RUN_IN_TRANSACTION) private readonly runInTransaction: RunInTransaction,
  ) {}

  /** Runs `work` in a transaction serialized per organization, then refreshes the registry. */
  async inTransaction<T>(context: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.runInTransaction(async (tx) => {
        await this.repository.lockOrganization(context.organizationId, tx);
        return work(tx);
      });
    } finally {
      this.registry.invalidate(context.organizationId);
      this.indexes.scheduleSync();
    }
  }

  /** The definition row, locked; unknown (or archived, unless asked for) → 404. */
  async lockDefinition(
    context: RequestContext,
    name: string,
    tx: Tx,
    allowArchived = false,
  ): Promise<ObjectDefinitionRow> {
    const row = await this.repository.findByNameForUpdate(context.organizationId, name, tx);
    if (!row || (row.archivedAt && !allowArchived)) {
      throw new AppError(ErrorCode.DefinitionNotFound, `No object named "${name}"`);
    }
    return row;
  }

  /** The organization's live definitions, as stored (in `inTransaction`: no change meanwhile). */
  findAll(context: RequestContext, tx: Tx): Promise<ObjectDefinitionRow[]> {
    return this.repository.findAll(context.organizationId, false, tx);
  }

  assertValid(definition: unknown): asserts definition is ObjectDefinitionInput {
    const problems = validateDefinition(definition);
    if (problems.length > 0) {
      const errors = Object.fromEntries(problems.map((problem) => [problem.path, problem.message]));
      const name = (definition as { name?: unknown }).name;
      const label = typeof name === 'string' ? name : 'the definition';
      throw new AppError(
        ErrorCode.ValidationFailed,
        `${label} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        errors,
      );
    }
  }

  async create(context: RequestContext, definition: ObjectDefinitionInput, tx: Tx): Promise<void> {
    const row = await this.repository.insert(
      {
        organizationId: context.organizationId,
        name: definition.name,
        labelSingular: definition.labels.singular,
        labelPlural: definition.labels.plural,
        description: definition.description ?? null,
        navGroup: definition.group ?? null,
        icon: definition.icon ?? null,
        color: definition.color ?? null,
        isSystem: false,
        properties: definition.properties,
        jsonSchema: compileDefinitionSchema(definition),
        primaryDisplayProperty: definition.primary_display_property ?? null,
        identity: identityOf(definition),
        systemSource: null,
        version: 1,
      },
      tx,
    );
    await this.recordVersion(
      context,
      row.id,
      1,
      undefined,
      definition,
      `Created ${definition.name}`,
      tx,
    );
  }

  async apply(
    context: RequestContext,
    row: ObjectDefinitionRow,
    change: DefinitionChange,
    tx: Tx,
  ): Promise<void> {
    this.assertValid(change.definition);
    const version = row.version + 1;
    const { definition } = change;
    await this.repository.update(
      context.organizationId,
      row.id,
      {
        labelSingular: definition.labels.singular,
        labelPlural: definition.labels.plural,
        description: definition.description ?? null,
        navGroup: definition.group ?? null,
        icon: definition.icon ?? null,
        color: definition.color ?? null,
        properties: definition.properties,
        jsonSchema: compileDefinitionSchema(definition),
        primaryDisplayProperty: definition.primary_display_property ?? null,
        identity: identityOf(definition),
        ...(change.deletedProperties ? { deletedProperties: change.deletedProperties } : {}),
        ...(change.archivedAt !== undefined ? { archivedAt: change.archivedAt } : {}),
        version,
      },
      tx,
    );
    await this.recordVersion(
      context,
      row.id,
      version,
      toDefinitionInput(row),
      definition,
      change.summary,
      tx,
    );
  }

  private async recordVersion(
    context: RequestContext,
    definitionId: string,
    version: number,
    before: ObjectDefinitionInput | undefined,
    after: ObjectDefinitionInput,
    summary: string,
    tx: Tx,
  ): Promise<void> {
    await this.repository.insertVersion(
      {
        organizationId: context.organizationId,
        objectDefinitionId: definitionId,
        version,
        changedBy: context.memberId,
        summary,
        diff: diffDefinitions(before, after),
        snapshot: after as unknown as Record<string, unknown>,
      },
      tx,
    );
    await this.repository.notifyChanged(context.organizationId, tx);
  }

  async listVersions(
    context: RequestContext,
    definition: CompiledDefinition,
  ): Promise<DefinitionVersion[]> {
    const rows = await this.repository.findVersions(context.organizationId, definition.id);
    return rows.map((row) => ({
      version: row.version,
      changed_at: row.changedAt.toISOString(),
      changed_by: row.changedBy,
      summary: row.summary,
      diff: row.diff,
    }));
  }
}
