import { pageInMemory } from 'src/common/http/in-memory-list';
import type { RawListQuery } from 'src/common/http/list-query';
import type { ObjectDefinitionResponseDto } from './object-definitions.dto';

/** Sorts, filters and pages the (few) definitions of an organization in memory. */
export function pageObjectDefinitions(
  definitions: ObjectDefinitionResponseDto[],
  query: RawListQuery,
): { rows: ObjectDefinitionResponseDto[]; start: number; total: number } {
  return pageInMemory(definitions, query, {
    noun: 'object definitions',
    sortable: ['id', 'name', 'is_system', 'group', 'version', 'created_at', 'updated_at'],
    defaultSort: 'name',
    filterable: ['id', 'name', 'is_system', 'group'],
    matchesQ: (definition, needle) =>
      [definition.name, definition.labels.singular, definition.labels.plural].some((text) =>
        text.toLowerCase().includes(needle),
      ),
  });
}
