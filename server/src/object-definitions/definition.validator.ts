import type { ErrorObject, ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAjv } from './ajv.factory';
import {
  type DefinitionFile,
  objectDefinitionsDir,
  readSystemDefinitionFiles,
} from './definition-files';
import { checkIdentityRules } from './definition-identity.validator';
import { DEFINITION_QUOTAS } from './definition-quotas';
import { compilePropertySchema } from './definition-schema.compiler';
import type { ObjectDefinitionInput, PropertyDefinition } from './definition.types';
import { RESERVED_PROPERTY_NAMES } from './definition.types';
import { linearPatternProblem } from './linear-regexp';
import { transitionProblems } from './status-transitions';

/** One thing wrong with a definition: where (a dotted path, properties by name) and what. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

let metaValidator: ValidateFunction | undefined;
// One instance for default checks: a fresh Ajv per default made loading the system objects take ~1 s.
let defaultsAjv: ReturnType<typeof createAjv> | undefined;

function metaSchemaValidator(): ValidateFunction {
  if (!metaValidator) {
    const file = join(objectDefinitionsDir(), 'definition.meta-schema.json');
    metaValidator = createAjv().compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  }
  return metaValidator;
}

/** `/properties/3/max_length` → `properties.tracking_number.max_length` (names beat indexes). */
function pathOf(instancePath: string, input: unknown): string {
  const segments = instancePath.split('/').slice(1);
  const named: string[] = [];
  let node: unknown = input;
  for (const segment of segments) {
    node = (node as Record<string, unknown> | undefined)?.[segment];
    const parentIsPropertyList = named.length === 1 && named[0] === 'properties';
    const name = (node as { name?: unknown } | undefined)?.name;
    named.push(parentIsPropertyList && typeof name === 'string' && name ? name : segment);
  }
  return named.join('.') || '(definition)';
}

function describe(error: ErrorObject, input: unknown): DefinitionProblem | undefined {
  const base = pathOf(error.instancePath, input);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const type = (input as { properties?: Array<{ type?: string }> }).properties?.[
        Number(error.instancePath.split('/')[2])
      ]?.type;
      const forType =
        /^\/properties\/\d+$/.test(error.instancePath) && type
          ? ` for a property of type ${type}`
          : '';
      return {
        path: `${base === '(definition)' ? '' : `${base}.`}${key}`,
        message: `"${key}" is not allowed${forType}`,
      };
    }
    case 'required':
      return {
        path: `${base === '(definition)' ? '' : `${base}.`}${String(params.missingProperty)}`,
        message: 'is required',
      };
    case 'not':
      return {
        path: base,
        message: `"${String(pathValue(error.instancePath, input))}" is a reserved name (${RESERVED_PROPERTY_NAMES.join(', ')})`,
      };
    case 'enum':
      return {
        path: base,
        message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
      };
    case 'pattern':
      return base.endsWith('name') || base === 'primary_display_property'
        ? {
            path: base,
            message:
              'must be snake_case: a lower-case letter, then lower-case letters, digits or _ (at most 63)',
          }
        : { path: base, message: `must match ${String(params.pattern)}` };
    case 'format':
      return params.format === 'regex'
        ? { path: base, message: 'is not a valid regular expression' }
        : { path: base, message: error.message ?? 'is invalid' };
    default:
      return { path: base, message: error.message ?? 'is invalid' };
  }
}

function pathValue(instancePath: string, input: unknown): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], input);
}

/** Property schemas compiled so far, by content: most properties share a handful of schemas. */
const compiledPropertySchemas = new LRUCache<string, ValidateFunction | Error>({ max: 2000 });

/** The property schema compiled (strict), or why AJV refused it; compiled once per content. */
function compiledPropertySchema(schema: object): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let compiled = compiledPropertySchemas.get(key);
  if (compiled === undefined) {
    defaultsAjv ??= createAjv();
    try {
      compiled = defaultsAjv.compile(schema);
    } catch (error) {
      compiled = error as Error;
    } finally {
      defaultsAjv.removeSchema(schema);
    }
    compiledPropertySchemas.set(key, compiled);
  }
  return compiled;
}

/**
 * AJV (strict) must accept the property's schema, or every record of the object would fail to
 * validate; a json schema the meta-schema allows can still break strict mode (`minLength` without
 * `type`). Then the default must pass the schema.
 */
function checkCompiledSchema(
  property: PropertyDefinition,
  at: string,
  problems: DefinitionProblem[],
): void {
  const schema = compilePropertySchema(property);
  const compiled = compiledPropertySchema(schema);
  if (compiled instanceof Error) {
    const where = property.type === 'json' ? `${at}.schema` : at;
    problems.push({ path: where, message: `is not a valid schema: ${compiled.message}` });
    return;
  }
  const validate = compiled;
  if (property.default !== undefined && !validate(property.default)) {
    const reason = validate.errors?.[0]?.message ?? 'is invalid';
    problems.push({
      path: `${at}.default`,
      message: `the default ${JSON.stringify(property.default)} fails its own rule: ${reason}`,
    });
  }
}

function checkProperty(property: PropertyDefinition, problems: DefinitionProblem[]): void {
  const at = `properties.${property.name}`;
  if (
    property.min_length !== undefined &&
    property.max_length !== undefined &&
    property.min_length > property.max_length
  ) {
    problems.push({ path: `${at}.min_length`, message: 'must not exceed max_length' });
  }
  if (
    property.minimum !== undefined &&
    property.maximum !== undefined &&
    property.minimum > property.maximum
  ) {
    problems.push({ path: `${at}.minimum`, message: 'must not exceed maximum' });
  }
  if (property.options) {
    const seen = new Set<string>();
    for (const option of property.options) {
      if (seen.has(option.value)) {
        problems.push({ path: `${at}.options`, message: `option "${option.value}" appears twice` });
      }
      seen.add(option.value);
    }
  }
  if (property.pattern !== undefined) {
    try {
      new RegExp(property.pattern, 'u');
    } catch {
      problems.push({ path: `${at}.pattern`, message: 'is not a valid regular expression' });
      return;
    }
    const problem = linearPatternProblem(property.pattern);
    if (problem !== undefined) {
      problems.push({ path: `${at}.pattern`, message: problem });
      return;
    }
  }
  if (property.schema !== undefined && !checkJsonSchemaSize(property.schema, at, problems)) {
    return;
  }
  if (property.default !== undefined || property.type === 'json') {
    checkCompiledSchema(property, at, problems);
  }
}

/**
 * A json property's schema within the quotas (size, depth), and each of its patterns one RE2
 * runs within the pattern quota. False when it is not (its compilation is then not attempted).
 */
function checkJsonSchemaSize(schema: unknown, at: string, problems: DefinitionProblem[]): boolean {
  const before = problems.length;
  const characters = JSON.stringify(schema).length;
  if (characters > DEFINITION_QUOTAS.jsonSchemaCharacters) {
    problems.push({
      path: `${at}.schema`,
      message: `is too large: ${characters} characters as JSON, at most ${DEFINITION_QUOTAS.jsonSchemaCharacters}`,
    });
  }
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node !== 'object' || node === null) {
      return;
    }
    if (depth > DEFINITION_QUOTAS.jsonSchemaDepth) {
      problems.push({
        path: `${at}.schema`,
        message: `is nested too deeply: at most ${DEFINITION_QUOTAS.jsonSchemaDepth} levels of items and properties`,
      });
      return;
    }
    const { pattern, items, properties } = node as Record<string, unknown>;
    const problem = typeof pattern === 'string' ? linearPatternProblem(pattern) : undefined;
    if (problem !== undefined) {
      problems.push({ path: `${path}.pattern`, message: problem });
    }
    visit(items, `${path}.items`, depth + 1);
    if (typeof properties === 'object' && properties !== null) {
      for (const [name, child] of Object.entries(properties)) {
        visit(child, `${path}.properties.${name}`, depth + 1);
      }
    }
  };
  visit(schema, `${at}.schema`, 1);
  return problems.length === before;
}

/** Rules JSON Schema cannot say: unique names, an existing display property, valid defaults. */
function checkSemantics(definition: ObjectDefinitionInput): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const names = new Set<string>();
  for (const property of definition.properties) {
    if (names.has(property.name)) {
      problems.push({
        path: `properties.${property.name}`,
        message: `property "${property.name}" is defined twice`,
      });
    }
    names.add(property.name);
    checkProperty(property, problems);
  }
  const display = definition.primary_display_property;
  if (display !== undefined) {
    const property = definition.properties.find((p) => p.name === display);
    if (!property) {
      problems.push({
        path: 'primary_display_property',
        message: `"${display}" is not one of the properties`,
      });
    } else if (!['text', 'email', 'phone', 'url', 'enumeration'].includes(property.type)) {
      problems.push({
        path: 'primary_display_property',
        message: `"${display}" is a ${property.type}; use a text, email, phone, url or enumeration property`,
      });
    }
  }
  problems.push(...checkIdentityRules(definition));
  problems.push(...transitionProblems(definition));
  return problems;
}

/** Validates a definition against the meta-schema, then the rules the meta-schema cannot say. */
export function validateDefinition(input: unknown): DefinitionProblem[] {
  if (nestingOf(input) > DEFINITION_QUOTAS.definitionDepth) {
    // Before the meta-schema, whose validation recurses once per level (a stack overflow, a 500).
    return [
      {
        path: '(definition)',
        message: `is nested too deeply: at most ${DEFINITION_QUOTAS.definitionDepth} levels of objects and arrays`,
      },
    ];
  }
  const validate = metaSchemaValidator();
  if (!validate(input)) {
    const problems = (validate.errors ?? [])
      .map((error) => describe(error, input))
      .filter((problem): problem is DefinitionProblem => problem !== undefined);
    return dedupe(problems);
  }
  return checkSemantics(input as ObjectDefinitionInput);
}

/** The deepest nesting of objects and arrays in a JSON value, counted without recursion. */
function nestingOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node === 'object' && node !== null) {
      deepest = Math.max(deepest, depth);
      if (deepest > DEFINITION_QUOTAS.definitionDepth) {
        return deepest;
      }
      for (const child of Object.values(node)) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return deepest;
}

function dedupe(problems: DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** `file: path: message` lines for people reading a start-up or `definitions:check` failure. */
export function formatProblems(source: string, problems: DefinitionProblem[]): string {
  return problems.map((problem) => `${source}: ${problem.path}: ${problem.message}`).join('\n');
}

/**
 * The problems of the shipped system definition files (the meta-schema, and each name matching its
 * file), as `object-definitions/<file>: path: message` lines; empty when every one is valid.
 */
export function systemDefinitionFailures(files: DefinitionFile[]): string[] {
  return files.flatMap(({ file, content }) => {
    const problems = validateDefinition(content);
    if (`${String((content as { name?: unknown }).name)}.json` !== file) {
      problems.push({ path: 'name', message: `must match the file name (${file})` });
    }
    return problems.length > 0 ? [formatProblems(`object-definitions/${file}`, problems)] : [];
  });
}

/** The shipped system definitions, validated: start-up fails fast, listing every problem. */
export function readValidSystemDefinitions(): ObjectDefinitionInput[] {
  const files = readSystemDefinitionFiles();
  const failures = systemDefinitionFailures(files);
  if (failures.length > 0) {
    throw new Error(`Invalid system object definitions:\n${failures.join('\n')}`);
  }
  return files.map(({ content }) => content as ObjectDefinitionInput);
}
