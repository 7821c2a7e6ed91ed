import { SearchInput } from 'react-admin';
import type { ObjectDefinition } from 'src/definitions/types';
import { propertyTypeUi } from './propertyTypes';

/**
 * The list filters of an object (the API's `{prop}` equality and `_gte`/`_lte` suffixes): search
 * always shown, then enumerations, booleans, dates and numbers in the "Add filter" menu.
 */
export function recordFilters(definition: ObjectDefinition) {
  return [
    <SearchInput key="q" source="q" alwaysOn />,
    ...definition.properties.flatMap((property) => propertyTypeUi(property.type).filters(property)),
  ];
}
