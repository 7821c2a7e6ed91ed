import { screen } from '@testing-library/react';
import { PROPERTY_TYPES, type PropertyDefinition } from 'src/definitions/types';
import { renderInRecord, specimen, specimenRecord } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import { PropertyField } from './PropertyField';
import { formatMoney } from './PropertyValues';

const propertyOfType = (type: string): PropertyDefinition => {
  const property = specimen.properties.find((p) => p.type === type);
  if (!property) {
    throw new Error(`The specimen has no ${type} property`);
  }
  return property;
};

function renderField(type: string, variant: 'list' | 'show' = 'show', record = specimenRecord) {
  return renderInRecord(
    <PropertyField property={propertyOfType(type)} definition={specimen} variant={variant} />,
    record,
  );
}

describe(PropertyField.name, () => {
  it('has a specimen property for every type', () => {
    expect(
      PROPERTY_TYPES.filter((type) => !specimen.properties.some((p) => p.type === type)),
    ).toEqual([]);
  });

  it('shows text as it is', () => {
    renderField('text');
    expect(screen.getByText('Crate of lamps')).toBeTruthy();
  });

  it('keeps the line breaks of a long text on show pages', () => {
    const { container } = renderField('long_text');
    expect(container.textContent).toBe('Handle with care.\nTop side up.');
  });

  it('formats numbers and whole numbers', () => {
    renderField('number');
    expect(screen.getByText('12.5')).toBeTruthy();
    renderField('integer');
    expect(screen.getByText('3')).toBeTruthy();
  });

  it("formats money in the record's own currency", () => {
    renderField('currency');
    expect(screen.getByText('€1,250.50')).toBeTruthy();
  });

  it('formats money in USD when the record names no currency', () => {
    renderField('currency', 'show', { ...specimenRecord, currency: undefined } as never);
    expect(screen.getByText('$1,250.50')).toBeTruthy();
  });

  it('formats a percent', () => {
    const { container } = renderField('percent');
    expect(container.textContent).toBe('15\u00a0%');
  });

  it('shows a boolean as a labelled icon', () => {
    renderField('boolean');
    expect(screen.getByLabelText('Yes')).toBeTruthy();
  });

  it('shows a date without moving it across time zones', () => {
    renderField('date');
    expect(screen.getByText('3/1/2026')).toBeTruthy();
  });

  it('shows a date and time', () => {
    renderField('datetime');
    expect(screen.getByText('3/4/2026, 10:30:00 AM')).toBeTruthy();
  });

  it('shows an enumeration as a chip with the option label', () => {
    const { container } = renderField('enumeration');
    expect(screen.getByText('Shipped')).toBeTruthy();
    expect(container.querySelector('.MuiChip-root')).toBeTruthy();
  });

  it('shows a multi-enumeration as one chip per value', () => {
    const { container } = renderField('multi_enumeration', 'list');
    expect(screen.getByText('Cold chain')).toBeTruthy();
    expect(screen.getByText('Urgent')).toBeTruthy();
    expect(container.querySelectorAll('.MuiChip-root')).toHaveLength(2);
  });

  it('links an email, a url and a phone number', () => {
    renderField('email');
    expect(screen.getByRole('link', { name: 'ops@example.com' }).getAttribute('href')).toBe(
      'mailto:ops@example.com',
    );
    renderField('url');
    expect(
      screen.getByRole('link', { name: 'https://track.example.com/42' }).getAttribute('href'),
    ).toBe('https://track.example.com/42');
    renderField('phone');
    expect(screen.getByRole('link', { name: '+1 (555) 010-2030' }).getAttribute('href')).toBe(
      'tel:+15550102030',
    );
  });

  it('shows JSON formatted on show pages and on one line in lists', () => {
    const { container, unmount } = renderField('json');
    expect(container.querySelector('pre')?.textContent).toBe('{\n  "width": 40,\n  "depth": 30\n}');
    unmount();
    renderField('json', 'list');
    expect(screen.getByText('{"width":40,"depth":30}')).toBeTruthy();
  });

  it('renders nothing for a missing value', () => {
    const { container } = renderInRecord(
      <PropertyField property={propertyOfType('enumeration')} definition={specimen} />,
      { id: 2 },
    );
    expect(container.textContent).toBe('');
  });
});

describe(formatMoney.name, () => {
  it('formats decimal strings exactly, beyond what a binary float holds', () => {
    expect(formatMoney('12345678901234567.89', 'USD', 2)).toBe('$12,345,678,901,234,567.89');
  });

  it('falls back to amount and code for an unknown currency', () => {
    expect(formatMoney('10.00', 'NOT-A-CODE')).toBe('10.00 NOT-A-CODE');
  });
});
