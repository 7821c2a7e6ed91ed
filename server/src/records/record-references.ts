import type { LinkedIds, LinkSide } from 'src/association-definitions/link-side';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { UUID } from 'src/common/uuid';
import type { RecordResponse } from './records.dto';

/** The key `?include=` adds to a record: the ids linked on each asked-for side. */
export const ASSOCIATIONS_KEY = 'associations';

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
    result[ASSOCIATIONS_KEY] = Object.fromEntries(
      included.map((side) => [side.name, mine?.get(side.name) ?? []]),
    );
  }
  return result;
}
