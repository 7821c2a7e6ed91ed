import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { DataChecksService } from 'src/data-model/data-checks.service';
import type { Tx } from 'src/database/transaction';
import { deletedPropertiesOf, toDefinitionInput } from 'src/object-definitions/definition-change';
import { assertObjectQuota } from 'src/object-definitions/definition-quotas';
import { DefinitionWriter } from 'src/object-definitions/definition-writer';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
} from 'src/object-definitions/definition.types';
import { validateDefinition } from 'src/object-definitions/definition.validator';
import {
  type ObjectDefinitionRow,
  ObjectDefinitionsRepository,
} from 'src/object-definitions/object-definitions.repository';
import { requiredChecks } from 'src/object-definitions/schema-evolution';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordDataService } from 'src/records/record-data.service';

export const EXPORT_FORMAT = 'plinth.object-definitions';
export const EXPORT_VERSION = 1;

export interface DefinitionsDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  definitions: ObjectDefinitionInput[];
}

export type PlanAction = 'created' | 'changed' | 'unchanged' | 'refused' | 'kept';

export interface PropertyPlan {
  name: string;
  action: PlanAction;
  reason?: string;
}

export interface ObjectPlan {
  name: string;
  action: PlanAction;
  reason?: string;
  properties: PropertyPlan[];
}

export interface ImportPlan {
  dry_run: boolean;
  applied: boolean;
  objects: ObjectPlan[];
}

function nameOf(input: unknown): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '(unnamed)';
}

function reasonOf(error: unknown): string {
  if (error instanceof AppError) {
    return error.message;
  }
  throw error;
}

function duplicatesOf(names: string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

function propertyNamesOf(definition: unknown): string[] {
  const properties = (definition as { properties?: unknown } | null)?.properties;
  return Array.isArray(properties)
    ? properties.map(nameOf).filter((name) => name !== '(unnamed)')
    : [];
}

/**
 * One object (or one property of an object) named twice: the plan cannot say what the document
 * wants (create it twice? which one wins?), so the document is refused before any planning.
 */
function assertNoDuplicates(definitions: unknown[]): void {
  const errors: Record<string, string> = {};
  const objectNames = definitions.map(nameOf).filter((name) => name !== '(unnamed)');
  for (const name of duplicatesOf(objectNames)) {
    errors[`definitions.${name}`] = `object "${name}" appears more than once in the document`;
  }
  for (const definition of definitions) {
    for (const property of duplicatesOf(propertyNamesOf(definition))) {
      errors[`definitions.${nameOf(definition)}.properties.${property}`] =
        `property "${property}" appears more than once in ${nameOf(definition)}`;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      `The document is invalid: ${Object.values(errors).join('; ')}`,
      errors,
    );
  }
}

/**
 * Definitions as code: export the custom objects as one document, import such a document into
 * another organization or database. Import plans first, under the rules of runtime changes, and
 * applies all or nothing.
 */
@Injectable()
export class DefinitionsTransferService {
  constructor(
    private readonly repository: ObjectDefinitionsRepository,
    private readonly writer: DefinitionWriter,
    private readonly dataChecks: DataChecksService,
    private readonly recordData: RecordDataService,
  ) {}

  async exportDefinitions(context: RequestContext): Promise<DefinitionsDocument> {
    const rows = await this.repository.findAll(context.organizationId);
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exported_at: new Date().toISOString(),
      definitions: rows.filter((row) => !row.isSystem).map(toDefinitionInput),
    };
  }

  async importDefinitions(
    context: RequestContext,
    body: unknown,
    isDryRun: boolean,
  ): Promise<ImportPlan> {
    const definitions = this.readDocument(body);
    return this.writer.inTransaction(context, async (tx) => {
      const existing = new Map(
        (await this.repository.findAll(context.organizationId, true, tx)).map((row) => [
          row.name,
          row,
        ]),
      );
      assertObjectQuota(
        existing.size + definitions.filter((d) => !existing.has(nameOf(d))).length,
        'definitions',
      );
      const objects: ObjectPlan[] = [];
      for (const definition of definitions) {
        objects.push(
          await this.planObject(
            context,
            definition,
            existing.get(nameOf(definition)),
            isDryRun,
            tx,
          ),
        );
      }
      const isRefused = objects.some(
        (object) =>
          object.action === 'refused' || object.properties.some((p) => p.action === 'refused'),
      );
      const plan = { dry_run: isDryRun, applied: !isDryRun && !isRefused, objects };
      if (isRefused && !isDryRun) {
        // Nothing half-applied: the transaction rolls back whatever was planned before.
        throw new AppError(
          ErrorCode.SchemaChangeConflict,
          'The import was refused; nothing was changed (see details.plan)',
          undefined,
          {
            plan,
          },
        );
      }
      return plan;
    });
  }

  private readDocument(body: unknown): unknown[] {
    const document = body as Partial<DefinitionsDocument> | null;
    if (
      typeof document !== 'object' ||
      document === null ||
      document.format !== EXPORT_FORMAT ||
      !Array.isArray(document.definitions)
    ) {
      throw new AppError(
        ErrorCode.BadRequest,
        `The body must be a document from GET /api/definitions/export (format "${EXPORT_FORMAT}")`,
        {
          format: `must be "${EXPORT_FORMAT}" with a definitions array`,
        },
      );
    }
    if (document.version !== EXPORT_VERSION) {
      throw new AppError(
        ErrorCode.BadRequest,
        `Unsupported export version ${String(document.version)}; this server reads version ${EXPORT_VERSION}`,
      );
    }
    assertNoDuplicates(document.definitions);
    return document.definitions;
  }

  private async planObject(
    context: RequestContext,
    input: unknown,
    row: ObjectDefinitionRow | undefined,
    isDryRun: boolean,
    tx: Tx,
  ): Promise<ObjectPlan> {
    const name = nameOf(input);
    const problems = validateDefinition(input);
    if (problems.length > 0) {
      return {
        name,
        action: 'refused',
        reason: problems.map((p) => `${p.path} ${p.message}`).join('; '),
        properties: [],
      };
    }
    const definition = input as ObjectDefinitionInput;
    if (!row) {
      if (!isDryRun) {
        await this.writer.create(context, definition, tx);
      }
      return {
        name,
        action: 'created',
        properties: definition.properties.map((p) => ({ name: p.name, action: 'created' })),
      };
    }
    if (row.isSystem) {
      return { name, action: 'refused', reason: `${name} is a system object here`, properties: [] };
    }
    if (row.archivedAt) {
      return {
        name,
        action: 'refused',
        reason: `${name} is archived here; restore or purge it first`,
        properties: [],
      };
    }
    return this.planChanges(context, row, definition, isDryRun, tx);
  }

  private async planChanges(
    context: RequestContext,
    row: ObjectDefinitionRow,
    incoming: ObjectDefinitionInput,
    isDryRun: boolean,
    tx: Tx,
  ): Promise<ObjectPlan> {
    const current = toDefinitionInput(row);
    const byName = new Map(current.properties.map((p) => [p.name, p]));
    const properties: PropertyPlan[] = [];
    for (const after of incoming.properties) {
      properties.push(await this.planProperty(context, row, byName.get(after.name), after, tx));
    }
    const incomingNames = new Set(incoming.properties.map((p) => p.name));
    for (const kept of current.properties.filter((p) => !incomingNames.has(p.name))) {
      properties.push({
        name: kept.name,
        action: 'kept',
        reason: 'not in the document; left as it is',
      });
    }
    const merged: ObjectDefinitionInput = {
      ...incoming,
      properties: [
        ...current.properties.map((p) => incoming.properties.find((q) => q.name === p.name) ?? p),
        ...incoming.properties.filter((p) => !byName.has(p.name)),
      ],
    };
    const isChanged = !isDeepStrictEqual(current, merged);
    const isRefused = properties.some((p) => p.action === 'refused');
    if (isChanged && !isRefused && !isDryRun) {
      await this.writer.apply(
        context,
        row,
        { definition: merged, summary: 'Changed by import' },
        tx,
      );
    }
    return {
      name: incoming.name,
      action: isRefused ? 'refused' : isChanged ? 'changed' : 'unchanged',
      properties,
    };
  }

  private async planProperty(
    context: RequestContext,
    row: ObjectDefinitionRow,
    before: PropertyDefinition | undefined,
    after: PropertyDefinition,
    tx: Tx,
  ): Promise<PropertyPlan> {
    if (before && isDeepStrictEqual(before, after)) {
      return { name: after.name, action: 'unchanged' };
    }
    // As adding it through the API: a deleted property's values are still stored, hidden; a new
    // property of that name would show them again.
    const deleted = deletedPropertiesOf(row);
    if (!before && deleted.some((p) => p.name === after.name)) {
      return {
        name: after.name,
        action: 'refused',
        reason: `belongs to a deleted property of ${row.name}: restore it or purge it first`,
      };
    }
    const checks = before
      ? requiredChecks(before, after)
      : {
          values: false,
          presence: !!after.required && after.default === undefined,
          uniqueness: false,
          jsonStructure: false,
        };
    try {
      await this.dataChecks.checkData(context, row, after, checks, tx);
    } catch (error) {
      return { name: after.name, action: 'refused', reason: reasonOf(error) };
    }
    if (before?.unique && !after.unique) {
      await this.recordData.releaseUniqueValues(context, row.id, after.name, tx);
    }
    if (checks.uniqueness) {
      await this.recordData.claimUniqueValues(context, row.id, after, tx);
    }
    return { name: after.name, action: before ? 'changed' : 'created' };
  }
}
