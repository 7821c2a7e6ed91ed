import { InputAdornment } from '@mui/material';
import { useMemo } from 'react';
import {
  BooleanInput,
  DateInput,
  DateTimeInput,
  NumberInput,
  required,
  SelectArrayInput,
  SelectInput,
  TextInput,
  type Validator,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { currencySource, DEFAULT_CURRENCY, sortedOptions } from 'src/definitions/properties';
import { isRequiredIn, propertyProblem } from 'src/definitions/schemaValidation';
import type { JsonSchema, ObjectDefinition, PropertyDefinition } from 'src/definitions/types';
import { JsonInput } from './JsonInput';

export interface PropertyInputProps {
  property: PropertyDefinition;
  definition: ObjectDefinition;
  /** The object's compiled JSON Schema: validators mirror it (GET …/{name}/schema). */
  schema?: JsonSchema;
}

/** Client-side validators of one property, from the same compiled schema AJV validates with. */
export function validatorsFor(
  property: PropertyDefinition,
  objectSchema: JsonSchema | undefined,
): Validator[] {
  if (property.read_only) {
    return [];
  }
  const validators: Validator[] = [
    (value: unknown) => propertyProblem(objectSchema, property.name, value),
  ];
  const isRequired = objectSchema ? isRequiredIn(objectSchema, property.name) : property.required;
  return isRequired ? [required(), ...validators] : validators;
}

/** An empty text box means "no value": the server removes a property sent as null. */
const emptyToNull = (value: string) => (value === '' ? null : value);

/** `<input type="datetime-local">` has no zone; the API wants one (ISO 8601 with Z). */
export const toIsoDateTime = (value: string | Date | null) => {
  if (value === null || value === '') {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
};

/** The input for one property, chosen by its type (STYLE.md §13: views never name properties). */
export function PropertyInput({ property, definition, schema }: PropertyInputProps) {
  const validate = useMemo(() => validatorsFor(property, schema), [property, schema]);
  const common = {
    source: property.name,
    label: property.label,
    helperText: property.description ?? false,
    validate,
    readOnly: property.read_only === true,
  } as const;
  const choices = useMemo(() => sortedOptions(property), [property]);
  switch (property.type) {
    case 'text':
      return <TextInput {...common} parse={emptyToNull} />;
    case 'long_text':
      return <TextInput {...common} parse={emptyToNull} multiline minRows={3} />;
    case 'email':
      return <TextInput {...common} parse={emptyToNull} type="email" />;
    case 'url':
      return <TextInput {...common} parse={emptyToNull} type="url" />;
    case 'phone':
      return <TextInput {...common} parse={emptyToNull} type="tel" />;
    case 'number':
      return <NumberInput {...common} />;
    case 'integer':
      return <NumberInput {...common} step={1} />;
    case 'percent':
      return (
        <NumberInput
          {...common}
          slotProps={{ input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } }}
        />
      );
    case 'currency':
      return <CurrencyInput {...common} definition={definition} />;
    case 'boolean':
      return <BooleanInput {...common} helperText={property.description ?? false} />;
    case 'date':
      return <DateInput {...common} parse={emptyToNull} />;
    case 'datetime':
      return <DateTimeInput {...common} parse={toIsoDateTime} />;
    case 'enumeration':
      return (
        <SelectInput
          {...common}
          choices={choices}
          optionValue="value"
          optionText="label"
          emptyText=""
        />
      );
    case 'multi_enumeration':
      return (
        <SelectArrayInput {...common} choices={choices} optionValue="value" optionText="label" />
      );
    case 'json':
      return (
        <JsonInput
          source={property.name}
          label={property.label}
          helperText={property.description}
          validate={validate}
          readOnly={property.read_only === true}
        />
      );
  }
}

type CurrencyInputProps = Omit<React.ComponentProps<typeof TextInput>, 'source'> & {
  source: string;
  definition: ObjectDefinition;
};

/** Money stays a decimal string end to end (DOMAIN.md); the adornment shows the record's currency. */
function CurrencyInput({ definition, ...props }: CurrencyInputProps) {
  const codeSource = currencySource(definition);
  const code: unknown = useWatch({ name: codeSource ?? '__no_currency__' });
  return (
    <TextInput
      {...props}
      parse={emptyToNull}
      slotProps={{
        htmlInput: { inputMode: 'decimal' },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              {typeof code === 'string' && code !== '' ? code : DEFAULT_CURRENCY}
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
