/**
 * Money helpers (docs/domain.md: never binary floating point for amounts users see). Amounts travel
 * as decimal strings or as JSON numbers; both are handled through their decimal text.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

function split(text: string): { negative: boolean; whole: string; fraction: string } {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  return { negative, whole: whole.replace(/^0+(?=\d)/, ''), fraction: fraction.replace(/0+$/, '') };
}

function compareMagnitude(a: ReturnType<typeof split>, b: ReturnType<typeof split>): number {
  if (a.whole.length !== b.whole.length) {
    return a.whole.length < b.whole.length ? -1 : 1;
  }
  if (a.whole !== b.whole) {
    return a.whole < b.whole ? -1 : 1;
  }
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, '0');
  const fb = b.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/** Compares two decimal texts exactly: -1, 0 or 1. Number inputs must be given as String(n). */
export function compareDecimal(left: string, right: string): number {
  const a = split(left);
  const b = split(right);
  const aZero = /^0*$/.test(a.whole) && a.fraction === '';
  const bZero = /^0*$/.test(b.whole) && b.fraction === '';
  const aSign = aZero ? 0 : a.negative ? -1 : 1;
  const bSign = bZero ? 0 : b.negative ? -1 : 1;
  if (aSign !== bSign) {
    return aSign < bSign ? -1 : 1;
  }
  const magnitude = compareMagnitude(a, b);
  return aSign < 0 ? -magnitude : magnitude;
}
