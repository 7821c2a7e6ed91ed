import { Box, Chip, Link, Stack, Typography } from '@mui/material';
import {
  BooleanField,
  DateField,
  EmailField,
  NumberField,
  TextField,
  UrlField,
  useRecordContext,
} from 'react-admin';
import {
  currencySource,
  DEFAULT_CURRENCY,
  displayText,
  optionLabel,
} from 'src/definitions/properties';
import type { ObjectDefinition, PropertyDefinition } from 'src/definitions/types';

export type FieldVariant = 'list' | 'show';

export interface PropertyFieldProps {
  property: PropertyDefinition;
  definition: ObjectDefinition;
  /** Lists are compact (one line, chips); show pages show everything. */
  variant?: FieldVariant;
}

const EMPTY = '';

/** Renders one property of the current record according to its type (STYLE.md §13). */
export function PropertyField({ property, definition, variant = 'show' }: PropertyFieldProps) {
  const source = property.name;
  switch (property.type) {
    case 'text':
      return <TextField source={source} emptyText={EMPTY} />;
    case 'long_text':
      return variant === 'list' ? (
        <TextField source={source} sx={ONE_LINE} emptyText={EMPTY} />
      ) : (
        <TextField source={source} sx={{ whiteSpace: 'pre-wrap' }} emptyText={EMPTY} />
      );
    case 'number':
      return <NumberField source={source} emptyText={EMPTY} />;
    case 'integer':
      return (
        <NumberField source={source} options={{ maximumFractionDigits: 0 }} emptyText={EMPTY} />
      );
    case 'percent':
      return <PercentValue source={source} />;
    case 'currency':
      return <CurrencyValue property={property} definition={definition} />;
    case 'boolean':
      return <BooleanField source={source} looseValue />;
    case 'date':
      return <DateField source={source} emptyText={EMPTY} />;
    case 'datetime':
      return <DateField source={source} showTime emptyText={EMPTY} />;
    case 'enumeration':
      return <EnumerationValue property={property} />;
    case 'multi_enumeration':
      return <MultiEnumerationValue property={property} />;
    case 'email':
      return <EmailField source={source} emptyText={EMPTY} onClick={stopPropagation} />;
    case 'url':
      return (
        <UrlField
          source={source}
          target="_blank"
          rel="noopener noreferrer"
          emptyText={EMPTY}
          onClick={stopPropagation}
        />
      );
    case 'phone':
      return <PhoneValue source={source} />;
    case 'json':
      return <JsonValue source={source} variant={variant} />;
  }
}

const ONE_LINE = {
  display: 'block',
  maxWidth: 280,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/** Links inside a clickable row must not also open the record. */
const stopPropagation = (event: React.MouseEvent) => event.stopPropagation();

function useValue(source: string): unknown {
  return useRecordContext()?.[source];
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function PercentValue({ source }: { source: string }) {
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

function CurrencyValue({
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

function EnumerationValue({ property }: { property: PropertyDefinition }) {
  const value = useValue(property.name);
  if (isEmpty(value)) {
    return null;
  }
  return (
    <Chip size="small" label={optionLabel(property, value)} sx={{ alignSelf: 'flex-start' }} />
  );
}

function MultiEnumerationValue({ property }: { property: PropertyDefinition }) {
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

function PhoneValue({ source }: { source: string }) {
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

function JsonValue({ source, variant }: { source: string; variant: FieldVariant }) {
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
