/** Who acts, for which organization: every service method takes one (docs/architecture.md). */
export interface RequestContext {
  readonly organizationId: string;
  readonly memberId: string | null;
  readonly role: 'owner' | 'admin' | 'member' | 'viewer';
}

/** The context of Plinth itself acting for an organization (start-up, seeds, CLI). */
export function systemContext(organizationId: string): RequestContext {
  return { organizationId, memberId: null, role: 'owner' };
}
