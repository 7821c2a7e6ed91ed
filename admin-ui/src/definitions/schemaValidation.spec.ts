import schema from 'src/test/every-type.schema.json';
import { describe, expect, it } from 'vitest';
import { isRequiredIn, propertyProblem } from './schemaValidation';

describe(propertyProblem.name, () => {
  it('accepts an empty value: required is a separate validator', () => {
    expect(propertyProblem(schema, 'title', '')).toBeUndefined();
    expect(propertyProblem(schema, 'price', null)).toBeUndefined();
  });

  it('leaves a property the schema does not know, and a missing schema, to the server', () => {
    expect(propertyProblem(schema, 'added_meanwhile', 'x')).toBeUndefined();
    expect(propertyProblem(undefined, 'title', 'lamp')).toBeUndefined();
  });

  it.each([
    ['title', 'lamp', 'must match the pattern ^[A-Z]'],
    ['title', 'A'.repeat(21), 'must be at most 20 characters'],
    ['weight', -1, 'must be >= 0'],
    ['quantity', 1.5, 'must be a whole number'],
    ['discount', 101, 'must be <= 100'],
    ['price', '12.345', 'must have at most 2 decimal places'],
    ['price', '-1.00', 'must be >= 0'],
    ['price', 'ten', 'must be a decimal amount such as 1250.00'],
    ['status', 'lost', 'must be one of: shipped, pending'],
    ['tags', ['cold', 'hot'], '1 must be one of: cold, heavy, urgent'],
    ['tags', ['cold', 'cold'], 'must not list a value twice'],
    ['contact_email', 'not-an-email', 'must be a valid email address'],
    ['contact_phone', 'call me', 'must be a phone number (digits, spaces, + ( ) . -)'],
    ['tracking_url', 'ftp://example.com', 'must start with http:// or https://'],
    ['ship_date', '2026-13-45', 'must be a date (YYYY-MM-DD)'],
    ['ship_date', '0000-01-01', 'must be a date (YYYY-MM-DD)'],
    [
      'delivered_at',
      '2026-03-01T10:00',
      'must be a date and time with a time zone (ISO 8601, e.g. 2026-03-01T10:00:00Z)',
    ],
    ['dimensions', [1, 2], 'must be an object'],
  ])("refuses %s = %j with the server's words", (name, value, message) => {
    expect(propertyProblem(schema, name, value)).toBe(message);
  });

  it.each([
    ['title', 'Lamp'],
    ['price', '1250.5'],
    ['price', 99],
    ['tags', ['cold', 'urgent']],
    ['contact_phone', '+1 (555) 010-2030'],
    ['tracking_url', 'https://example.com/x'],
    ['delivered_at', '2026-03-01T10:00:00Z'],
    ['dimensions', { width: 1 }],
  ])('accepts %s = %j', (name, value) => {
    expect(propertyProblem(schema, name, value)).toBeUndefined();
  });

  it('compiles a later version of a schema with the same $id', () => {
    const first = { ...schema, $id: 'specimen' };
    const second = { ...schema, $id: 'specimen' };
    expect(propertyProblem(first, 'weight', -1)).toBe('must be >= 0');
    expect(propertyProblem(second, 'weight', -1)).toBe('must be >= 0');
  });
});

describe(isRequiredIn.name, () => {
  it("reads the schema's required list", () => {
    expect(isRequiredIn(schema, 'title')).toBe(true);
    expect(isRequiredIn(schema, 'notes')).toBe(false);
  });
});
