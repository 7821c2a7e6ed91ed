import type { OpenApiDefinition, OpenApiDocument } from './openapi.types';

/** The names one definition is known by in the document. */
export interface DefinitionNames {
  /** PascalCase of the singular label: schema names and the single-record operations. */
  singular: string;
  /** PascalCase of the plural label: the list operation. */
  plural: string;
  /** The tag grouping the definition's operations. */
  tag: string;
}

export type RecordOperation =
  | 'list'
  | 'search'
  | 'export'
  | 'createBatch'
  | 'create'
  | 'get'
  | 'replace'
  | 'update'
  | 'delete'
  | 'restore';

/** Schema name suffixes per definition: `Deal`, `DealCreate`, … `DealSearchResponse`. */
export const SCHEMA_SUFFIXES = [
  '',
  'Create',
  'Update',
  'Filter',
  'SearchRequest',
  'SearchResult',
  'SearchResponse',
] as const;
const SINGULAR_VERBS = ['create', 'get', 'replace', 'update', 'delete', 'restore'] as const;

/**
 * PascalCase of a label: words are runs of ASCII letters and digits (accents are dropped), each
 * starting upper-case, the rest kept ("Invoice schedule" → InvoiceSchedule, "SKUs" → SKUs).
 */
export function pascalCase(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `listDeals`, `searchDeals`, `exportDeals`, `createDealsBatch` (many records: the plural); `getDeal` … */
export function operationId(operation: RecordOperation, names: DefinitionNames): string {
  if (operation === 'list' || operation === 'search' || operation === 'export') {
    return `${operation}${names.plural}`;
  }
  return operation === 'createBatch'
    ? `create${names.plural}Batch`
    : `${operation}${names.singular}`;
}

/** The operation ids one plural name stands for. */
function pluralNames(plural: string): string[] {
  return [`list${plural}`, `search${plural}`, `export${plural}`, `create${plural}Batch`];
}

export function schemaName(
  names: DefinitionNames,
  suffix: (typeof SCHEMA_SUFFIXES)[number],
): string {
  return `${names.singular}${suffix}`;
}

function singularNames(singular: string): string[] {
  return [
    ...SCHEMA_SUFFIXES.map((suffix) => `${singular}${suffix}`),
    ...SINGULAR_VERBS.map((verb) => `${verb}${singular}`),
  ];
}

/** The first candidate whose names are all free, else the last one numbered (Deal2, Deal3 …). */
function firstFree(
  candidates: string[],
  namesOf: (base: string) => string[],
  taken: Set<string>,
): string {
  const isFree = (base: string): boolean => namesOf(base).every((name) => !taken.has(name));
  const usable = candidates.filter((candidate) => candidate !== '');
  let base = usable.find(isFree);
  const fallback = usable[usable.length - 1] ?? 'Record';
  for (let counter = 2; base === undefined; counter++) {
    base = isFree(`${fallback}${counter}`) ? `${fallback}${counter}` : undefined;
  }
  namesOf(base).forEach((name) => taken.add(name));
  return base;
}

/** The operation ids, schema names and tags the fixed part of the document already uses. */
export function reservedNames(fixed: OpenApiDocument, extraSchemas: string[]): Set<string> {
  const taken = new Set<string>([...Object.keys(fixed.components?.schemas ?? {}), ...extraSchemas]);
  for (const pathItem of Object.values(fixed.paths)) {
    for (const operation of Object.values(pathItem)) {
      const { operationId: id, tags } = (operation ?? {}) as {
        operationId?: unknown;
        tags?: unknown;
      };
      if (typeof id === 'string') {
        taken.add(id);
      }
      if (Array.isArray(tags)) {
        tags.forEach((tag) => taken.add(`tag:${String(tag)}`));
      }
    }
  }
  for (const tag of fixed.tags ?? []) {
    taken.add(`tag:${tag.name}`);
  }
  return taken;
}

/**
 * Names every definition, in the given order (system objects first, so a custom object can never
 * rename `listDeals`). Names come from the labels; when one is taken (two objects labelled
 * "Deal", or a label such as "Health" clashing with a fixed operation) the definition's API name
 * is used instead (`deal_v2` → DealV2, listDealV2Records). Plurals are never derived.
 */
export function assignNames(
  definitions: readonly OpenApiDefinition[],
  taken: Set<string>,
): Map<string, DefinitionNames> {
  const result = new Map<string, DefinitionNames>();
  for (const definition of definitions) {
    const fromName = pascalCase(definition.name);
    const singular = firstFree(
      [pascalCase(definition.labels.singular), fromName],
      singularNames,
      taken,
    );
    const plural = firstFree(
      [pascalCase(definition.labels.plural), `${fromName}Records`],
      pluralNames,
      taken,
    );
    const tagCandidates = [
      definition.labels.plural,
      `${definition.labels.plural} (${definition.name})`,
    ];
    const tag =
      tagCandidates.find((candidate) => !taken.has(`tag:${candidate}`)) ?? definition.name;
    taken.add(`tag:${tag}`);
    result.set(definition.name, { singular, plural, tag });
  }
  return result;
}

/**
 * A free operation id for one of a definition's association operations (`listDealContacts`,
 * `associateDealCompany`): named after the side, numbered in the rare case another object's
 * operation has it already. Assigned after every object's own names, so those never move.
 */
export function associationOperationId(
  verb: 'list' | 'associate' | 'dissociate',
  names: DefinitionNames,
  sideName: string,
  taken: Set<string>,
): string {
  return firstFree([`${verb}${names.singular}${pascalCase(sideName)}`], (base) => [base], taken);
}
