import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';
import { DEFINITION_QUOTAS } from './definition-quotas';

/**
 * `\uXXXX` and `\u{X…}` are how JavaScript writes a code point; RE2 spells both `\x{…}`. Only an
 * unescaped `\u` is one (an even run of backslashes before it is literal backslashes).
 */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(
    /(^|[^\\])((?:\\\\)*)\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/g,
    (_match, before: string, backslashes: string, braced?: string, plain?: string) =>
      `${before}${backslashes}\\x{${braced ?? plain}}`,
  );
}

/**
 * A pattern compiled for RE2 (re2js, pure JavaScript): it matches in time linear in the input,
 * whatever the pattern, so no definition can make a record write spin the event loop that every
 * organization shares (V8's backtracking RegExp takes exponential time on `^(a|a)*$`).
 * Throws for what RE2 cannot run in linear time: look-arounds and back-references.
 */
export function compileLinear(pattern: string): RE2JS {
  return RE2JS.compile(toRe2Syntax(pattern));
}

/**
 * The size of the compiled RE2 program. re2js does not publish it, so this reads its internals;
 * a unit test fails if an upgrade moves them (the check would otherwise silently stop).
 */
function programSize(compiled: RE2JS): number | undefined {
  return (compiled as unknown as { re2Input?: { prog?: { inst?: unknown[] } } }).re2Input?.prog
    ?.inst?.length;
}

/** Why the pattern is refused (RE2 cannot run it, or it is too complex), or undefined. */
export function linearPatternProblem(pattern: string): string | undefined {
  let compiled: RE2JS;
  try {
    compiled = compileLinear(pattern);
  } catch (error) {
    return `is not supported: patterns run in linear time (RE2 syntax; no look-arounds or back-references): ${(error as Error).message}`;
  }
  const size = programSize(compiled) ?? 0;
  const limit = DEFINITION_QUOTAS.patternProgramSize;
  if (size > limit) {
    return `is too complex: it compiles to ${size} steps, at most ${limit} (counted repetitions such as {500} multiply)`;
  }
  return undefined;
}

/** For tests: the compiled size the quota is measured in. */
export function patternProgramSize(pattern: string): number | undefined {
  return programSize(compileLinear(pattern));
}

/**
 * AJV's `code.regExp` engine: every `pattern` of every schema runs on RE2. The compiled JSON
 * Schema keeps the standard `pattern` keyword, so other validators (the admin UI's) still read it.
 * AJV keys its pattern cache by `toString()`, which RE2JS gives as the pattern's source.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => compileLinear(pattern),
  { code: 'compileLinear' },
);
