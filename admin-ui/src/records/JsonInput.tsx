import { TextField } from '@mui/material';
import { useState } from 'react';
import { FieldTitle, InputHelperText, useInput, type Validator } from 'react-admin';

/**
 * Text that is not valid JSON. The form keeps it (so nothing the user typed is lost) and the
 * JSON validator turns it into a field error: invalid JSON never reaches the server.
 */
export class InvalidJson {
  constructor(
    readonly text: string,
    readonly problem: string,
  ) {}
}

export function formatJson(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return '';
  }
  return value instanceof InvalidJson ? value.text : JSON.stringify(value, null, 2);
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new InvalidJson(text, error instanceof Error ? error.message : String(error));
  }
}

export const validJson: Validator = (value: unknown) =>
  value instanceof InvalidJson ? `must be valid JSON (${value.problem})` : undefined;

export interface JsonInputProps {
  source: string;
  label: string;
  helperText?: string;
  validate?: Validator[];
  readOnly?: boolean;
}

/** A monospace editor for a json property; the text is parsed as the user types. */
export function JsonInput({ source, label, helperText, validate, readOnly }: JsonInputProps) {
  const { field, fieldState, isRequired, id } = useInput({
    source,
    validate: [validJson, ...(validate ?? [])],
    readOnly,
    format: formatJson,
    parse: parseJson,
  });
  // Keep the text exactly as typed: re-formatting parsed JSON on every key press moves the caret.
  // (field.value is already formatted by useInput.)
  const [text, setText] = useState<string>(() => String(field.value ?? ''));
  const error = fieldState.invalid ? fieldState.error?.message : undefined;
  return (
    <TextField
      id={id}
      name={field.name}
      inputRef={field.ref}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        field.onChange(event.target.value);
      }}
      onBlur={field.onBlur}
      label={<FieldTitle label={label} source={source} isRequired={isRequired} />}
      multiline
      minRows={3}
      maxRows={16}
      fullWidth
      error={Boolean(error)}
      helperText={<InputHelperText error={error} helperText={helperText} />}
      slotProps={{
        htmlInput: {
          readOnly,
          spellCheck: false,
          style: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
        },
      }}
    />
  );
}
