import type { LinkSide } from 'src/association-definitions/link-side';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { RequestContext } from 'src/organizations/request-context';
import type { CreateWrite } from './record-write';
import type { RecordScope } from './records.repository';

/** A create of new records (one, a batch, a seed or an import), before any stage ran. */
export function newCreateWrite(
  context: RequestContext,
  definition: CompiledDefinition,
  scope: RecordScope,
  sides: LinkSide[],
  drafts: Array<{ id: string; body: unknown }>,
  options: { isTrusted?: boolean; isBatch?: boolean },
): CreateWrite {
  return {
    kind: 'create',
    context,
    definition,
    scope,
    sides,
    isTrusted: options.isTrusted === true,
    isBatch: options.isBatch === true,
    drafts: drafts.map(({ id, body }) => ({
      id,
      body,
      references: [],
      properties: {},
      ownerId: context.memberId,
      claims: [],
    })),
    rows: [],
    isStale: false,
  };
}
