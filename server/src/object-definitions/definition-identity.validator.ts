import type { ObjectDefinitionInput } from './definition.types';

/** A problem found, shaped like definition.validator.ts's. */
interface DefinitionProblem {
  path: string;
  message: string;
}

/** Property types a composite key or an exact duplicate rule may compare. */
const KEY_TYPES = new Set(['text', 'email', 'phone', 'url', 'enumeration', 'integer', 'date']);

/**
 * What the meta-schema cannot say of a definition's identity rules (title properties, composite
 * keys, duplicate rules, `domain_of`): every property they name exists and has a type they can
 * compare, and names are not repeated.
 */
export function checkIdentityRules(definition: ObjectDefinitionInput): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const byName = new Map(definition.properties.map((p) => [p.name, p]));
  const names = (path: string, list: string[] | undefined, types?: Set<string>): void => {
    for (const name of list ?? []) {
      const property = byName.get(name);
      if (!property) {
        problems.push({ path, message: `"${name}" is not one of the properties` });
      } else if (types && !types.has(property.type)) {
        problems.push({ path, message: `"${name}" is a ${property.type}; it cannot be compared` });
      }
    }
  };
  names('title_properties', definition.title_properties);
  const seen = new Set<string>();
  for (const key of definition.keys ?? []) {
    if (seen.has(key.name) || byName.has(key.name)) {
      problems.push({ path: `keys.${key.name}`, message: `"${key.name}" is already a name` });
    }
    seen.add(key.name);
    names(`keys.${key.name}`, key.properties, KEY_TYPES);
  }
  const rules = new Set<string>();
  for (const rule of definition.duplicate_rules ?? []) {
    if (rules.has(rule.name)) {
      problems.push({ path: `duplicate_rules.${rule.name}`, message: 'is defined twice' });
    }
    rules.add(rule.name);
    if (rule.match === 'exact' && (rule.properties ?? []).length === 0) {
      problems.push({
        path: `duplicate_rules.${rule.name}`,
        message: 'an exact rule names the properties it compares',
      });
    }
    names(`duplicate_rules.${rule.name}`, rule.properties, KEY_TYPES);
  }
  for (const property of definition.properties) {
    names(`properties.${property.name}.domain_of`, property.domain_of, new Set(['url', 'email']));
  }
  return problems;
}
