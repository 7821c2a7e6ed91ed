import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';

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

/** Why RE2 refuses the pattern, or undefined when it runs it. */
export function linearPatternProblem(pattern: string): string | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
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
