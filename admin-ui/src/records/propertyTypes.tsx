import { InputAdornment } from '@mui/material';
import type { ReactElement } from 'react';
import {
  BooleanField,
  BooleanInput,
  DateField,
  DateInput,
  DateTimeInput,
  EmailField,
  NullableBooleanInput,
  NumberField,
  NumberInput,
  SelectArrayInput,
  SelectInput,
  TextField,
  TextInput,
  UrlField,
  type Validator,
} from 'react-admin';
import { sortedOptions } from 'src/definitions/properties';
import type {
  EnumerationOption,
  ObjectDefinition,
  PropertyDefinition,
  PropertyType,
} from 'src/definitions/types';
import { JsonInput } from './JsonInput';
import { CurrencyInput, emptyToNull, toIsoDateTime } from './PropertyInputs';
import {
  CurrencyValue,
  EMPTY,
  EnumerationValue,
  type FieldVariant,
  JsonValue,
  MultiEnumerationValue,
  ONE_LINE,
  PercentValue,
  PhoneValue,
  stopPropagation,
} from './PropertyValues';

interface FieldContext {
  property: PropertyDefinition;
  definition: ObjectDefinition;
  variant: FieldVariant;
}

/** What every input of a property shares (source, label, validators from the compiled schema). */
interface CommonInputProps {
  source: string;
  label: string;
  helperText: string | false;
  validate: Validator[];
  readOnly: boolean;
}

interface InputContext {
  common: CommonInputProps;
  property: PropertyDefinition;
  definition: ObjectDefinition;
  choices: EnumerationOption[];
}

/**
 * Everything the admin UI does with one property type, in one entry: how a value shows (lists and
 * show pages), the form input, the list filters (the API's `{prop}` equality and `_gte`/`_lte`
 * suffixes) and the value in an exported CSV. A new property type is one entry here; the
 * `Record<PropertyType, …>` makes a missing one a compile error.
 */
export interface PropertyTypeUi {
  field: (context: FieldContext) => ReactElement;
  input: (context: InputContext) => ReactElement;
  filters: (property: PropertyDefinition) => ReactElement[];
  /** The CSV cell: one column per property, scalars as they are. */
  exportValue: (value: unknown) => unknown;
  /** Numbers align right in tables. */
  isNumeric: boolean;
}

/** Start and end of the picked local day as instants: datetime filters need a zone (API). */
const startOfDay = (value: string) =>
  value ? new Date(`${value}T00:00:00`).toISOString() : undefined;
const endOfDay = (value: string) =>
  value ? new Date(`${value}T23:59:59.999`).toISOString() : undefined;

const noFilters = () => [];
const asIs = (value: unknown) => value;
/** One cell, not the exporter's flattening of nested objects into many columns. */
const asJsonText = (value: unknown) =>
  value === undefined || value === null ? value : JSON.stringify(value);

const rangeFilters = ({ name, label }: PropertyDefinition) => [
  <NumberInput key={`${name}_gte`} source={`${name}_gte`} label={`${label} ≥`} />,
  <NumberInput key={`${name}_lte`} source={`${name}_lte`} label={`${label} ≤`} />,
];

const optionFilters = (property: PropertyDefinition) => [
  <SelectInput
    key={property.name}
    source={property.name}
    label={property.label}
    choices={sortedOptions(property)}
    optionValue="value"
    optionText="label"
  />,
];

/** Text-like types: shown as text, typed in a text box, not filtered (search covers them). */
function textLike(
  input: (common: CommonInputProps) => ReactElement,
  field: (context: FieldContext) => ReactElement = ({ property }) => (
    <TextField source={property.name} emptyText={EMPTY} />
  ),
): PropertyTypeUi {
  return {
    field,
    input: ({ common }) => input(common),
    filters: noFilters,
    exportValue: asIs,
    isNumeric: false,
  };
}

const PROPERTY_TYPE_UI: Record<PropertyType, PropertyTypeUi> = {
  text: textLike((common) => <TextInput {...common} parse={emptyToNull} />),
  long_text: textLike(
    (common) => <TextInput {...common} parse={emptyToNull} multiline minRows={3} />,
    ({ property, variant }) => (
      <TextField
        source={property.name}
        sx={variant === 'list' ? ONE_LINE : { whiteSpace: 'pre-wrap' }}
        emptyText={EMPTY}
      />
    ),
  ),
  email: textLike(
    (common) => <TextInput {...common} parse={emptyToNull} type="email" />,
    ({ property }) => (
      <EmailField source={property.name} emptyText={EMPTY} onClick={stopPropagation} />
    ),
  ),
  url: textLike(
    (common) => <TextInput {...common} parse={emptyToNull} type="url" />,
    ({ property }) => (
      <UrlField
        source={property.name}
        target="_blank"
        rel="noopener noreferrer"
        emptyText={EMPTY}
        onClick={stopPropagation}
      />
    ),
  ),
  phone: textLike(
    (common) => <TextInput {...common} parse={emptyToNull} type="tel" />,
    ({ property }) => <PhoneValue source={property.name} />,
  ),
  number: {
    field: ({ property }) => <NumberField source={property.name} emptyText={EMPTY} />,
    input: ({ common }) => <NumberInput {...common} />,
    filters: rangeFilters,
    exportValue: asIs,
    isNumeric: true,
  },
  integer: {
    field: ({ property }) => (
      <NumberField
        source={property.name}
        options={{ maximumFractionDigits: 0 }}
        emptyText={EMPTY}
      />
    ),
    input: ({ common }) => <NumberInput {...common} step={1} />,
    filters: rangeFilters,
    exportValue: asIs,
    isNumeric: true,
  },
  percent: {
    field: ({ property }) => <PercentValue source={property.name} />,
    input: ({ common }) => (
      <NumberInput
        {...common}
        slotProps={{ input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } }}
      />
    ),
    filters: rangeFilters,
    exportValue: asIs,
    isNumeric: true,
  },
  currency: {
    field: ({ property, definition }) => (
      <CurrencyValue property={property} definition={definition} />
    ),
    input: ({ common, definition }) => <CurrencyInput {...common} definition={definition} />,
    filters: rangeFilters,
    // The exact decimal text (docs/domain.md: never a binary float), whatever the record carries.
    exportValue: (value) => (typeof value === 'number' ? String(value) : value),
    isNumeric: true,
  },
  boolean: {
    field: ({ property }) => <BooleanField source={property.name} looseValue />,
    input: ({ common }) => <BooleanInput {...common} />,
    filters: ({ name, label }) => [<NullableBooleanInput key={name} source={name} label={label} />],
    exportValue: asIs,
    isNumeric: false,
  },
  date: {
    field: ({ property }) => <DateField source={property.name} emptyText={EMPTY} />,
    input: ({ common }) => <DateInput {...common} parse={emptyToNull} />,
    filters: ({ name, label }) => [
      <DateInput key={`${name}_gte`} source={`${name}_gte`} label={`${label} from`} />,
      <DateInput key={`${name}_lte`} source={`${name}_lte`} label={`${label} to`} />,
    ],
    exportValue: asIs,
    isNumeric: false,
  },
  datetime: {
    field: ({ property }) => <DateField source={property.name} showTime emptyText={EMPTY} />,
    input: ({ common }) => <DateTimeInput {...common} parse={toIsoDateTime} />,
    filters: ({ name, label }) => [
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
    ],
    exportValue: asIs,
    isNumeric: false,
  },
  enumeration: {
    field: ({ property }) => <EnumerationValue property={property} />,
    input: ({ common, choices }) => (
      <SelectInput
        {...common}
        choices={choices}
        optionValue="value"
        optionText="label"
        emptyText=""
      />
    ),
    filters: optionFilters,
    exportValue: asIs,
    isNumeric: false,
  },
  multi_enumeration: {
    field: ({ property }) => <MultiEnumerationValue property={property} />,
    input: ({ common, choices }) => (
      <SelectArrayInput {...common} choices={choices} optionValue="value" optionText="label" />
    ),
    filters: optionFilters,
    exportValue: (value) => (Array.isArray(value) ? value.join('; ') : value),
    isNumeric: false,
  },
  json: {
    field: ({ property, variant }) => <JsonValue source={property.name} variant={variant} />,
    input: ({ common }) => (
      <JsonInput
        source={common.source}
        label={common.label}
        helperText={common.helperText || undefined}
        validate={common.validate}
        readOnly={common.readOnly}
      />
    ),
    filters: noFilters,
    exportValue: asJsonText,
    isNumeric: false,
  },
};

export function propertyTypeUi(type: PropertyType): PropertyTypeUi {
  return PROPERTY_TYPE_UI[type];
}

/** The types with an entry: a test compares them with the meta-schema's catalogue. */
export const TYPES_WITH_UI = Object.keys(PROPERTY_TYPE_UI) as PropertyType[];

/** A record as one CSV row: each property through its type's export rule, other fields as they are. */
export function exportRow(
  definition: ObjectDefinition,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const row = { ...record };
  for (const property of definition.properties) {
    if (property.name in row) {
      row[property.name] = propertyTypeUi(property.type).exportValue(row[property.name]);
    }
  }
  return row;
}
