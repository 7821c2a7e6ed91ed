import type { LinkedIds, LinkSide } from 'src/association-definitions/link-side';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import type { RecordResponse } from './records.dto';

/** The key `?include=` adds to a record: the ids linked on each asked-for side. */
export const ASSOCIATIONS_KEY = 'associations';
/**
 * In `associations`, the sides whose ids were cut at `MAX_INCLUDED_IDS`. A side name starts with a
 * letter, so this key can never be one.
 */
export const TRUNCATED_KEY = '_truncated';
/** Sides one request may include. */
export const MAX_INCLUDED_SIDES = 10;
/** Linked ids answered per record and included side; the rest are paged through the side's path. */
export const MAX_INCLUDED_IDS = 100;
/** One more than is shown: a side with that many links was cut. */
export const LINKS_READ_PER_SIDE = MAX_INCLUDED_IDS + 1;

/** A body split into properties and reference fields (`company_id`), the latter checked. */
export interface SplitBody {
  body: Record<string, unknown>;
  references: Array<{ side: LinkSide; otherId: string | null }>;
}

export function splitReferences(body: unknown, sides: LinkSide[]): SplitBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { body: body as Record<string, unknown>, references: [] };
  }
  // Entries: assigning `rest['__proto__']` would set the prototype and drop the key unchecked.
  const rest: Array<[string, unknown]> = [];
  const references: SplitBody['references'] = [];
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const side = sides.find((s) => s.referenceField === key);
    if (key === ASSOCIATIONS_KEY) {
      // Read-only, like `id`: react-admin sends a record read with `?include=` back as it was.
      continue;
    } else if (!side) {
      rest.push([key, value]);
    } else if (value === null || (typeof value === 'string' && UUID.test(value))) {
      references.push({ side, otherId: value });
    } else {
      errors[key] = `must be the id of a ${side.otherObject}, or null`;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      `Invalid references: ${Object.entries(errors)
        .map(([k, m]) => `${k} ${m}`)
        .join('; ')}`,
      errors,
    );
  }
  return { body: Object.fromEntries(rest), references };
}

/** The sides `?include=` names, each one of the object's; unknown → 400. */
export function includedSides(
  include: string[],
  sides: LinkSide[],
  objectName: string,
): LinkSide[] {
  if (include.length > MAX_INCLUDED_SIDES) {
    throw new AppError(
      ErrorCode.BadRequest,
      `Invalid include: at most ${MAX_INCLUDED_SIDES} associations per request, got ${include.length}`,
      { include: `at most ${MAX_INCLUDED_SIDES} associations` },
    );
  }
  return include.map((name) => {
    const side = sides.find((s) => s.name === name);
    if (!side) {
      const known = sides.map((s) => s.name).join(', ') || 'none';
      throw new AppError(
        ErrorCode.BadRequest,
        `Invalid include: "${name}" is not an association of ${objectName} (${known})`,
        {
          include: `unknown association "${name}"`,
        },
      );
    }
    return side;
  });
}

/** Adds `<side>_id` for every to-one side, and `associations` for the included sides. */
export function withLinks(
  record: RecordResponse,
  toOneSides: LinkSide[],
  included: LinkSide[],
  linked: LinkedIds,
): RecordResponse {
  const mine = linked.get(record.id);
  const result: RecordResponse = { ...record };
  for (const side of toOneSides) {
    result[side.referenceField as string] = mine?.get(side.name)?.[0] ?? null;
  }
  if (included.length > 0) {
    const associations: Record<string, string[]> = {};
    const truncated: string[] = [];
    for (const side of included) {
      const ids = mine?.get(side.name) ?? [];
      associations[side.name] = ids.slice(0, MAX_INCLUDED_IDS);
      if (ids.length > MAX_INCLUDED_IDS) {
        truncated.push(side.name);
      }
    }
    result[ASSOCIATIONS_KEY] =
      truncated.length > 0 ? { ...associations, [TRUNCATED_KEY]: truncated } : associations;
  }
  return result;
}
