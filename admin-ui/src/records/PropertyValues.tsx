import { Box, Chip, Link, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import {
  currencySource,
  DEFAULT_CURRENCY,
  displayText,
  optionLabel,
} from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

/** The value renderers of property types whose display react-admin has no field for. */
export type FieldVariant = 'list' | 'show';

/** Empty values show nothing (not react-admin's default dash). */
export const EMPTY = '';

export const ONE_LINE = {
  display: 'block',
  maxWidth: 280,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** Links inside a clickable row must not also open the record. */
export const stopPropagation = (event: React.MouseEvent) => event.stopPropagation();

function useValue(source: string): unknown {
  return useRecordContext()?.[source];
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

export function PercentValue({ source }: { source: string }) {
  const value = useValue(source);
  if (isEmpty(value) || typeof value !== 'number') {
    return null;
  }
  return (
    <Typography component="span" variant="body2">
      {new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value)}&nbsp;%
    </Typography>
  );
}

/** Formats a decimal string as money exactly: Intl formats numeric strings without floats. */
export function formatMoney(amount: string | number, currency: string, precision?: number): string {
  const options: Intl.NumberFormatOptions = { style: 'currency', currency };
  if (precision !== undefined) {
    options.minimumFractionDigits = Math.min(precision, 2);
    options.maximumFractionDigits = precision;
  }
  try {
    return new Intl.NumberFormat(undefined, options).format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${String(amount)} ${currency}`;
  }
}

export function CurrencyValue({
  property,
  definition,
}: {
  property: PropertyDefinition;
  definition: ObjectDefinition;
}) {
  const record = useRecordContext();
  const value: unknown = record?.[property.name];
  if (isEmpty(value) || (typeof value !== 'string' && typeof value !== 'number')) {
    return null;
  }
  const codeSource = currencySource(definition);
  const code =
    codeSource && typeof record?.[codeSource] === 'string'
      ? String(record[codeSource])
      : DEFAULT_CURRENCY;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {formatMoney(value, code, property.precision)}
    </Typography>
  );
}

export function EnumerationValue({ property }: { property: PropertyDefinition }) {
  const value = useValue(property.name);
  if (isEmpty(value)) {
    return null;
  }
  return (
    <Chip size="small" label={optionLabel(property, value)} sx={{ alignSelf: 'flex-start' }} />
  );
}

export function MultiEnumerationValue({ property }: { property: PropertyDefinition }) {
  const value = useValue(property.name);
  if (!Array.isArray(value) || value.length === 0) {
    return null;
  }
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, alignSelf: 'flex-start' }}>
      {value.map((item) => (
        <Chip
          key={String(item)}
          size="small"
          variant="outlined"
          label={optionLabel(property, item)}
        />
      ))}
    </Stack>
  );
}

export function PhoneValue({ source }: { source: string }) {
  const value = useValue(source);
  if (isEmpty(value)) {
    return null;
  }
  const text = displayText(value);
  return (
    <Link href={`tel:${text.replace(/[^\d+]/g, '')}`} variant="body2" onClick={stopPropagation}>
      {text}
    </Link>
  );
}

export function JsonValue({ source, variant }: { source: string; variant: FieldVariant }) {
  const value = useValue(source);
  if (value === undefined || value === null) {
    return null;
  }
  if (variant === 'list') {
    return (
      <Typography component="span" variant="body2" sx={{ ...ONE_LINE, fontFamily: 'monospace' }}>
        {JSON.stringify(value)}
      </Typography>
    );
  }
  return (
    <Box
      component="pre"
      sx={{
        m: 0,
        p: 1,
        fontSize: 13,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        bgcolor: 'action.hover',
        borderRadius: 1,
        overflowX: 'auto',
        maxHeight: 320,
      }}
    >
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}
