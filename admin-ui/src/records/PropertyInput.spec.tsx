import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PropertyDefinition } from 'src/definitions/types';
import { renderInForm, specimen, specimenRecord, specimenSchema } from 'src/test/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { PropertyInput, validatorsFor } from './PropertyInput';
import { toIsoDateTime } from './PropertyInputs';

const property = (name: string): PropertyDefinition => {
  const found = specimen.properties.find((p) => p.name === name);
  if (!found) {
    throw new Error(`no ${name}`);
  }
  return found;
};

function renderInput(
  name: string,
  values: Record<string, unknown> = specimenRecord,
  onSubmit = vi.fn(),
) {
  const result = renderInForm(
    <PropertyInput property={property(name)} definition={specimen} schema={specimenSchema} />,
    values,
    onSubmit,
  );
  return { ...result, onSubmit };
}

const inputLabelled = (label: RegExp) =>
  screen.getByLabelText(label, { selector: 'input, textarea' });

describe(PropertyInput.name, () => {
  it.each([
    ['title', 'text', /^Title/],
    ['contact_email', 'email', /^Contact email/],
    ['contact_phone', 'tel', /^Contact phone/],
    ['tracking_url', 'url', /^Tracking URL/],
    ['weight', 'number', /^Weight/],
    ['quantity', 'number', /^Quantity/],
    ['discount', 'number', /^Discount/],
    ['ship_date', 'date', /^Ship date/],
    ['delivered_at', 'datetime-local', /^Delivered at/],
    ['is_fragile', 'checkbox', /^Fragile/],
  ])('renders %s as an <input type="%s">', (name, type, label) => {
    renderInput(name);
    expect(inputLabelled(label).getAttribute('type')).toBe(type);
  });

  it('renders a long text as a multi-line text area', () => {
    renderInput('notes');
    expect(inputLabelled(/^Notes/).tagName).toBe('TEXTAREA');
  });

  it("renders money as decimal text with the record's currency beside it", () => {
    renderInput('price');
    const input = inputLabelled(/^Price/) as HTMLInputElement;
    expect(input.value).toBe('1250.50');
    expect(input.getAttribute('inputmode')).toBe('decimal');
    expect(screen.getByText('EUR')).toBeTruthy();
  });

  it('renders an enumeration as a select of option labels, in option order', async () => {
    renderInput('status');
    const select = screen.getByRole('combobox', { name: /^Status/ });
    expect(select.textContent).toBe('Shipped');
    fireEvent.mouseDown(select);
    const options = await screen.findAllByRole('option');
    // An optional enumeration can be emptied: a blank first option.
    expect(options.map((option) => option.textContent?.trim())).toEqual(['', 'Pending', 'Shipped']);
  });

  it('renders a multi-enumeration as a multi-select with chips', () => {
    const { container } = renderInput('tags');
    expect(screen.getByRole('combobox', { name: /^Tags/ })).toBeTruthy();
    expect(container.querySelectorAll('.MuiChip-root')).toHaveLength(2);
  });

  it('renders JSON formatted in a monospace editor', () => {
    renderInput('dimensions');
    expect((inputLabelled(/^Dimensions/) as HTMLTextAreaElement).value).toBe(
      '{\n  "width": 40,\n  "depth": 30\n}',
    );
  });

  it('shows a read-only property without letting anyone edit it', () => {
    renderInput('reference');
    const input = inputLabelled(/^Reference/) as HTMLInputElement;
    expect(input.value).toBe('SP-0001');
    expect(input.readOnly).toBe(true);
  });

  it('marks a required property and refuses an empty value', async () => {
    const { onSubmit } = renderInput('title', { title: '' });
    expect(screen.getByText('*', { exact: false })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Required')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("mirrors the schema's pattern and length with the server's words", async () => {
    renderInput('title', { title: '' });
    const input = inputLabelled(/^Title/);
    await userEvent.type(input, 'lamp');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('must match the pattern ^[A-Z]')).toBeTruthy();
    await userEvent.clear(input);
    await userEvent.type(input, 'A very long title indeed');
    expect(await screen.findByText('must be at most 20 characters')).toBeTruthy();
  });

  it('refuses money with more decimals than the precision', async () => {
    renderInput('price', { price: '' });
    await userEvent.type(inputLabelled(/^Price/), '12.345');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('must have at most 2 decimal places')).toBeTruthy();
  });

  it('makes invalid JSON a field error and keeps what was typed', async () => {
    const { onSubmit } = renderInput('dimensions', { dimensions: null });
    const editor = inputLabelled(/^Dimensions/) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: '{"width": ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText(/^must be valid JSON/)).toBeTruthy();
    expect(editor.value).toBe('{"width": ');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends valid JSON parsed', async () => {
    const { onSubmit } = renderInput('dimensions', { dimensions: null });
    fireEvent.change(inputLabelled(/^Dimensions/), { target: { value: '{"width": 10}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]?.[0]).toMatchObject({ dimensions: { width: 10 } });
  });
});

describe(validatorsFor.name, () => {
  it('has no validators for a read-only property', () => {
    expect(validatorsFor(property('reference'), specimenSchema)).toEqual([]);
  });

  it('checks numbers against the minimum and maximum', () => {
    const [check] = validatorsFor(property('quantity'), specimenSchema);
    expect(check?.(1001, {}, {})).toBe('must be <= 1000');
    expect(check?.(2.5, {}, {})).toBe('must be a whole number');
    expect(check?.(10, {}, {})).toBeUndefined();
  });

  it('checks a multi-enumeration against max_items', () => {
    const [check] = validatorsFor(property('tags'), specimenSchema);
    expect(check?.(['cold', 'heavy', 'urgent'], {}, {})).toBe('must have at most 2 items');
  });
});

describe(toIsoDateTime.name, () => {
  it('gives the instant with a zone the API requires', () => {
    expect(toIsoDateTime('2026-03-04T10:30')).toBe('2026-03-04T10:30:00.000Z');
    expect(toIsoDateTime('')).toBeNull();
  });
});
