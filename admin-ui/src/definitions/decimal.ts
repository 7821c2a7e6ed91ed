/**
 * Money is a decimal string (DOMAIN.md: never binary floats). These helpers compare and inspect
 * decimal strings exactly, as the server's `x-decimal` keyword does.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

interface ParsedDecimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

export function parseDecimal(value: string | number): ParsedDecimal | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    return undefined;
  }
  const whole = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const isZero = /^0*$/.test(whole) && fraction === '';
  return { negative: match[1] === '-' && !isZero, whole, fraction };
}

/** Digits after the decimal point, trailing zeros included ("1.50" → 2). */
export function decimalPlaces(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

function compareMagnitude(a: ParsedDecimal, b: ParsedDecimal): number {
  if (a.whole.length !== b.whole.length) {
    return a.whole.length < b.whole.length ? -1 : 1;
  }
  if (a.whole !== b.whole) {
    return a.whole < b.whole ? -1 : 1;
  }
  const length = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(length, '0');
  const fb = b.fraction.padEnd(length, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** -1, 0 or 1 like a comparator; undefined when either side is not a decimal. */
export function compareDecimals(a: string | number, b: string | number): number | undefined {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  if (!left || !right) {
    return undefined;
  }
  if (left.negative !== right.negative) {
    return left.negative ? -1 : 1;
  }
  const magnitude = compareMagnitude(left, right);
  return left.negative ? -magnitude : magnitude;
}
