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
