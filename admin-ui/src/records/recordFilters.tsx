import {
  DateInput,
  NullableBooleanInput,
  NumberInput,
  SearchInput,
  SelectInput,
} from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

/** Start and end of the picked local day as instants: datetime filters need a zone (API). */
const startOfDay = (value: string) =>
  value ? new Date(`${value}T00:00:00`).toISOString() : undefined;
const endOfDay = (value: string) =>
  value ? new Date(`${value}T23:59:59.999`).toISOString() : undefined;

function filtersOf(property: PropertyDefinition) {
  const { name, label } = property;
  switch (property.type) {
    case 'enumeration':
    case 'multi_enumeration':
      return [
        <SelectInput
          key={name}
          source={name}
          label={label}
          choices={sortedOptions(property)}
          optionValue="value"
          optionText="label"
        />,
      ];
    case 'boolean':
      return [<NullableBooleanInput key={name} source={name} label={label} />];
    case 'date':
      return [
        <DateInput key={`${name}_gte`} source={`${name}_gte`} label={`${label} from`} />,
        <DateInput key={`${name}_lte`} source={`${name}_lte`} label={`${label} to`} />,
      ];
    case 'datetime':
      return [
        <DateInput
          key={`${name}_gte`}
          source={`${name}_gte`}
          label={`${label} from`}
          parse={startOfDay}
        />,
        <DateInput
          key={`${name}_lte`}
          source={`${name}_lte`}
          label={`${label} to`}
          parse={endOfDay}
        />,
      ];
    case 'number':
    case 'integer':
    case 'currency':
    case 'percent':
      return [
        <NumberInput key={`${name}_gte`} source={`${name}_gte`} label={`${label} ≥`} />,
        <NumberInput key={`${name}_lte`} source={`${name}_lte`} label={`${label} ≤`} />,
      ];
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
    case 'json':
      return [];
  }
}

/**
 * The list filters of an object (the API's `{prop}` equality and `_gte`/`_lte` suffixes): search
 * always shown, then enumerations, booleans, dates and numbers in the "Add filter" menu.
 */
export function recordFilters(definition: ObjectDefinition) {
  return [<SearchInput key="q" source="q" alwaysOn />, ...definition.properties.flatMap(filtersOf)];
}
