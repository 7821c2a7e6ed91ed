import type { Actor } from 'src/organizations/request-context';

/** An actor as events store it: the format of `record.created_by` (`member:<id>`, `api_key:<id>`, `system`). */
export function actorTextOf(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : `${actor.kind}:${actor.id}`;
}
