import type { Actor } from 'src/organizations/request-context';

/**
 * An actor as `created_by` and `updated_by` store and show it (docs/architecture.md, "Access"):
 * `member:<id>`, `api_key:<id>`, or `system` for Plinth itself. Text, so a filter is one equality.
 */
export function actorText(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : `${actor.kind}:${actor.id}`;
}

/** The record fields Plinth stamps from the request context: shown on every record, never written. */
export const OWNERSHIP_FIELDS = ['owner_id', 'created_by', 'updated_by'] as const;
export type OwnershipField = (typeof OWNERSHIP_FIELDS)[number];

export function isOwnershipField(name: string): name is OwnershipField {
  return (OWNERSHIP_FIELDS as readonly string[]).includes(name);
}
