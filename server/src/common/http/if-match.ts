import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * A record's entity tag is its version, as a strong ETag (`"3"`): the version changes with every
 * write, so byte-equal bodies of one version are the only thing it promises.
 */
export function entityTagOf(version: number): string {
  return `"${version}"`;
}

/**
 * What an `If-Match` header asks: `any` (`*`, the record exists) or one of the listed versions.
 * An entity tag that names no version (weak, or not a number) can never match: RFC 9110 compares
 * If-Match strongly, so it answers 412 like any other stale tag.
 */
export type IfMatch = { kind: 'any' } | { kind: 'versions'; versions: number[] };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
const VERSION = /^(0|[1-9][0-9]{0,15})$/;

/** Parses the header (undefined when absent); a malformed one is a 400. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) {
    return undefined;
  }
  const value = header.trim();
  if (value === '*') {
    return { kind: 'any' };
  }
  const versions: number[] = [];
  // HTTP lists may hold empty elements ("3", , "4"); a list of none is malformed.
  const tags = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const tag of tags.length > 0 ? tags : ['']) {
    const match = ENTITY_TAG.exec(tag);
    if (!match) {
      throw new AppError(
        ErrorCode.BadRequest,
        `If-Match must be * or a list of entity tags such as "3" (the record's ETag); got ${JSON.stringify(header)}`,
        { 'If-Match': 'must be * or quoted entity tags, e.g. "3"' },
      );
    }
    const [, weak, opaque = ''] = match;
    if (!weak && VERSION.test(opaque)) {
      versions.push(Number(opaque));
    }
  }
  return { kind: 'versions', versions };
}

/** Whether a record at `version` satisfies the precondition (true when there is none). */
export function ifMatchHolds(ifMatch: IfMatch | undefined, version: number): boolean {
  return !ifMatch || ifMatch.kind === 'any' || ifMatch.versions.includes(version);
}
