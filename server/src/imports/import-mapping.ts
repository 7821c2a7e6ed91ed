import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { fromCsvCell } from 'src/records/record-csv';
import type { CsvRow } from './import-file';

/** What a column can be mapped to: a property the caller may write, or a reference field. */
export interface ImportTarget {
  name: string;
  label: string;
  /** Undefined for a reference field (`company_id`): its cell is the other record's id. */
  property?: PropertyDefinition;
  /** Required without a default: the file must have a column for it (create-only). */
  isRequired: boolean;
}

/** Lower case, letters and digits only: "E-mail address" and "email_address" match. */
function comparable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Column → target name, each column matched by the target's name or label, each target once. */
export function suggestMapping(columns: string[], targets: ImportTarget[]): Record<string, string> {
  const byKey = new Map<string, string>();
  for (const target of targets) {
    byKey.set(comparable(target.label), target.name);
  }
  for (const target of targets) {
    // Names win over labels (a label may read like another property's name).
    byKey.set(comparable(target.name), target.name);
  }
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const column of columns) {
    const name = byKey.get(comparable(column));
    if (name !== undefined && !taken.has(name)) {
      mapping[column] = name;
      taken.add(name);
    }
  }
  return mapping;
}

/**
 * Checks a mapping against the file's columns and the targets: known columns, known and
 * writable targets, each target at most once, every required property present (create-only
 * mode) and the key's properties mapped (upsert). Every problem at once, by column.
 */
export function checkMapping(
  mapping: Record<string, string>,
  columns: string[],
  targets: ImportTarget[],
  needs: { required: boolean; keyProperties: string[] },
): void {
  const errors: FieldErrors = {};
  const byName = new Map(targets.map((target) => [target.name, target]));
  const mapped = new Set<string>();
  for (const [column, name] of Object.entries(mapping)) {
    if (!columns.includes(column)) {
      errors[`mapping.${column}`] = 'is not a column of the file';
    } else if (!byName.has(name)) {
      errors[`mapping.${column}`] = `${name} is not a property you may import into`;
    } else if (mapped.has(name)) {
      errors[`mapping.${column}`] = `${name} is mapped from two columns`;
    }
    mapped.add(name);
  }
  const missing = [
    ...(needs.required ? targets.filter((t) => t.isRequired).map((t) => t.name) : []),
    ...needs.keyProperties,
  ].filter((name) => !mapped.has(name));
  for (const name of new Set(missing)) {
    errors[name] = 'is required: map a column to it';
  }
  const [first] = Object.entries(errors);
  if (first) {
    const missingText =
      missing.length > 0 ? `missing required column(s): ${[...new Set(missing)].join(', ')}` : '';
    throw new AppError(
      ErrorCode.ValidationFailed,
      `The column mapping is not usable: ${missingText || `${first[0]} ${first[1]}`}`,
      errors,
    );
  }
}

/** A row as a record body: each mapped cell as its property's value (an empty cell: no value). */
export function rowBody(
  row: CsvRow,
  columns: string[],
  mapping: Record<string, string>,
  targets: Map<string, ImportTarget>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [index, column] of columns.entries()) {
    const target = targets.get(mapping[column] ?? '');
    const cell = row.cells[index];
    if (!target || cell === undefined) {
      continue;
    }
    const value = target.property ? fromCsvCell(target.property, cell) : cell.trim() || undefined;
    if (value !== undefined) {
      body[target.name] = value;
    }
  }
  return body;
}
