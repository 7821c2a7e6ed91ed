import type { LinkSide } from 'src/association-definitions/link-side';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { propertyAccess } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import { scopeOf } from 'src/records/record-access';
import { keyValueOf, resolveUpsertKey, type UpsertKey } from 'src/records/record-upsert.keys';
import type { CsvRow } from './import-file';
import type { ImportMode } from './import-jobs.repository';
import { checkMapping, type ImportTarget, rowBody } from './import-mapping';

/** How to import a file: create-only or upsert by a key, and which column feeds which property. */
export interface ImportSettings {
  mode: ImportMode;
  key?: string;
  mapping: Record<string, string>;
}

/** The settings checked against the file and the definition, ready to turn rows into bodies. */
export interface ImportPlan {
  objectName: string;
  mode: ImportMode;
  key: UpsertKey | undefined;
  columns: string[];
  mapping: Record<string, string>;
  definition: CompiledDefinition;
  targets: Map<string, ImportTarget>;
}

/** A row ready to write, or refused before writing (a repeated key in the file). */
export interface PlannedRows {
  items: Array<{ row: CsvRow; body: Record<string, unknown> }>;
  refused: Array<{ row: CsvRow; reason: string }>;
}

/**
 * What a column may be mapped to: the properties the caller may write (hidden and read-only ones
 * apart) and the reference fields of to-one associations to objects it may read.
 */
export function importTargets(
  context: RequestContext,
  definition: CompiledDefinition,
  sides: LinkSide[],
): ImportTarget[] {
  const properties = definition.properties
    .filter((p) => propertyAccess(context.permissions, definition.name, p.name) === undefined)
    .filter((p) => p.read_only !== true)
    .map((property) => ({
      name: property.name,
      label: property.label,
      property,
      isRequired: property.required === true && property.default === undefined,
    }));
  const references = sides
    .filter((side) => side.referenceField && scopeOf(context, side.otherObject, 'read') !== 'none')
    .map((side) => ({
      name: side.referenceField as string,
      label: `${side.label} (id)`,
      isRequired: false,
    }));
  return [...properties, ...references];
}

/** Checks settings against the file's columns: 400 naming every problem (a missing column…). */
export function planImport(
  definition: CompiledDefinition,
  targets: ImportTarget[],
  columns: string[],
  settings: ImportSettings,
): ImportPlan {
  if (settings.mode === 'upsert' && !settings.key) {
    throw new AppError(ErrorCode.ValidationFailed, 'An upsert import needs a key', {
      key: 'is required in upsert mode',
    });
  }
  const key =
    settings.mode === 'upsert' ? resolveUpsertKey(definition, [], settings.key) : undefined;
  checkMapping(settings.mapping, columns, targets, {
    required: settings.mode === 'create',
    keyProperties: key?.properties ?? [],
  });
  return {
    objectName: definition.name,
    mode: settings.mode,
    key,
    columns,
    mapping: settings.mapping,
    definition,
    targets: new Map(targets.map((target) => [target.name, target])),
  };
}

/**
 * Rows as bodies. In upsert mode a key value seen before in the file (`seen`, across batches)
 * is refused: the second row would silently overwrite the first.
 */
export function planRows(plan: ImportPlan, rows: CsvRow[], seen: Map<string, number>): PlannedRows {
  const planned: PlannedRows = { items: [], refused: [] };
  for (const row of rows) {
    const body = rowBody(row, plan.columns, plan.mapping, plan.targets);
    const keyValue = plan.key ? keyValueOf(plan.definition, plan.key, body) : undefined;
    const first = keyValue === undefined ? undefined : seen.get(keyValue);
    if (first !== undefined) {
      planned.refused.push({
        row,
        reason: `repeats the ${plan.key?.name} of row ${first} in this file`,
      });
      continue;
    }
    if (keyValue !== undefined) {
      seen.set(keyValue, row.rowNumber);
    }
    planned.items.push({ row, body });
  }
  return planned;
}
