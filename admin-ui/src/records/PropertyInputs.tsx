import { InputAdornment } from '@mui/material';
import { TextInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { currencySource, DEFAULT_CURRENCY } from 'src/definitions/properties';
import type { ObjectDefinition } from 'src/definitions/types';

/** An empty text box means "no value": the server removes a property sent as null. */
export const emptyToNull = (value: string) => (value === '' ? null : value);

/** `<input type="datetime-local">` has no zone; the API wants one (ISO 8601 with Z). */
export const toIsoDateTime = (value: string | Date | null) => {
  if (value === null || value === '') {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
};

type CurrencyInputProps = Omit<React.ComponentProps<typeof TextInput>, 'source'> & {
  source: string;
  definition: ObjectDefinition;
};

/** Money stays a decimal string end to end (docs/domain.md); the adornment shows the record's currency. */
export function CurrencyInput({ definition, ...props }: CurrencyInputProps) {
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
