import { BUILT_IN_PERMISSIONS, type Permissions } from './permissions';

/**
 * Who acts: a member (signed in to the admin UI, or through an API key a member made), an API
 * key, or Plinth itself (start-up, seeds, command-line tools).
 */
export type Actor =
  | { readonly kind: 'member'; readonly id: string; readonly userId: string }
  | { readonly kind: 'api_key'; readonly id: string }
  | { readonly kind: 'system'; readonly id: null };

/** Who acts, for which organization, with which rights: every service method takes one (docs/architecture.md). */
export interface RequestContext {
  readonly organizationId: string;
  readonly actor: Actor;
  /**
   * The member whose records "own" scopes reach and who owns what this context creates: the
   * signed-in member, or the member who made the API key; null for Plinth itself.
   */
  readonly memberId: string | null;
  /** The role's name: a built-in one (`owner`, `admin`, `member`, `viewer`) or a custom one. */
  readonly role: string;
  readonly permissions: Permissions;
  /**
   * Where the change comes from, for the event log: unset, a member's session is `ui`, an API
   * key `api` and Plinth itself `system`; imports set `import`.
   */
  readonly source?: ChangeSource;
  /** The HTTP request's id (X-Request-Id), carried by the events a request writes. */
  readonly requestId?: string;
  /** The event whose handling makes this change (automations), so chains can be traced. */
  readonly causeEventId?: string;
}

export type ChangeSource = 'ui' | 'api' | 'import' | 'system';

/** The source an event records for a change made with this context. */
export function changeSourceOf(context: RequestContext): ChangeSource {
  if (context.source) {
    return context.source;
  }
  switch (context.actor.kind) {
    case 'member':
      return 'ui';
    case 'api_key':
      return 'api';
    case 'system':
      return 'system';
  }
}

/** The context of Plinth itself acting for an organization (start-up, seeds, CLI). */
export function systemContext(organizationId: string): RequestContext {
  return {
    organizationId,
    actor: { kind: 'system', id: null },
    memberId: null,
    role: 'owner',
    permissions: BUILT_IN_PERMISSIONS.owner,
  };
}
