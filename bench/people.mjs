// People's names for the benches, drawn like real ones: 60 given names and ~8,000 family names built from syllables, so a
// name recurs now and then (as "John Smith" does) without every record looking like every other.
const FIRST = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard ' +
  'Susan Joseph Jessica Thomas Sarah Charles Karen Chris Lisa Daniel Nancy Matthew Betty Anthony ' +
  'Sandra Mark Ashley Donald Kimberly Steven Emily Paul Donna Andrew Michelle Joshua Carol Kenneth ' +
  'Amanda Kevin Melissa Brian Deborah George Stephanie Timothy Rebecca Ronald Laura Edward Sharon ' +
  'Jason Cynthia Jeffrey Kathleen Ryan Amy'
).split(' ');
const SYLLABLES =
  'an ber cal dor el fen gar hol is jen kel lor mar nor os per quin ros sel tor'.split(' ');

/** A deterministic scramble of n, so neighbouring records get unrelated names. */
export function mix(n) {
  let x = (n + 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function familyName(x) {
  const s = (i) => SYLLABLES[Math.floor(x / SYLLABLES.length ** i) % SYLLABLES.length];
  const name = `${s(0)}${s(1)}${s(2)}`;
  return name[0].toUpperCase() + name.slice(1);
}

/** A person's first and last name from a scrambled number (`mix`). */
export function personName(x) {
  return {
    first_name: FIRST[x % FIRST.length],
    last_name: familyName(Math.floor(x / FIRST.length)),
  };
}
