/**
 * The wire shapes of the access API (docs/architecture.md, "Access"): what `GET /api/auth/me`
 * answers and how a role's permissions travel (snake_case, as the server sends them).
 * TODO(#13): take these from ./generated once the server's OpenAPI document has the auth routes.
 */

/** Which records an action reaches: every record, the records the member owns, or none. */
export type Scope = 'all' | 'own' | 'none';

export const RECORD_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export type ObjectScopes = Record<RecordAction, Scope>;

/** `hidden`: absent from every read; `read_only`: shown, never written. */
export type PropertyAccess = 'hidden' | 'read_only';

/** The default entry of `objects`: every object without its own, including objects created later. */
export const ANY_OBJECT = '*';

export interface PermissionsWire {
  objects: Record<string, ObjectScopes>;
  properties: Record<string, Record<string, PropertyAccess>>;
  manage_data_model: boolean;
  manage_access: boolean;
}

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  role?: string;
}

/** `GET /api/auth/me`: who acts, for which organization, with which permissions. */
export interface Me {
  user: { id: string; email: string; name: string | null } | null;
  actor: { kind: string; id: string };
  organization: OrganizationSummary;
  member: { id: string; role: string } | null;
  role: string;
  permissions: PermissionsWire;
  organizations: OrganizationSummary[];
}
