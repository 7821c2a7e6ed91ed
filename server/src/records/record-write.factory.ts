import type { LinkSide } from 'src/association-definitions/link-side';
import type { IfMatch } from 'src/common/http/if-match';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { RequestContext } from 'src/organizations/request-context';
import type { CreateWrite, UpdateWrite } from './record-write';
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

/** A change of one stored record (PUT, PATCH, a batch's, an upsert's, a merge's survivor). */
export function newUpdateWrite(
  context: RequestContext,
  definition: CompiledDefinition,
  scope: RecordScope,
  sides: LinkSide[],
  change: { id: string; body: unknown },
  options: { isTrusted?: boolean; ifMatch?: IfMatch; accumulate?: boolean },
): UpdateWrite {
  return {
    kind: 'update',
    context,
    definition,
    scope,
    sides,
    isTrusted: options.isTrusted === true,
    id: change.id,
    body: change.body,
    ifMatch: options.ifMatch,
    accumulate: options.accumulate,
    references: [],
    merged: {},
    visible: {},
    released: [],
    claims: [],
  };
}
