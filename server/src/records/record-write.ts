import type { LinkColumn, LinkSide } from 'src/association-definitions/link-side';
import type { AppError } from 'src/common/errors/app-error';
import type { IfMatch } from 'src/common/http/if-match';
import type { Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { RequestContext } from 'src/organizations/request-context';
import type { DuplicateMatch } from './record-duplicates.repository';
import type { SplitBody } from './record-references';
import type { RecordRow, RecordScope, RecordValues, UniqueClaim } from './records.repository';

/**
 * One record change as it passes the write path's stages, in this order (docs/architecture.md):
 * authorize → normalize → validate → rules → persist → events. Each stage reads what the earlier
 * ones filled in and adds its own part.
 */
export type RecordWrite =
  CreateWrite | UpdateWrite | DeleteWrite | RestoreWrite | LinkWrite | MergeWrite;

export type StageName = 'authorize' | 'normalize' | 'validate' | 'rules' | 'persist' | 'events';

/** A stage of the write path: one small unit; a new rule is a new stage or a change to one. */
export interface WriteStage {
  readonly name: StageName;
  run(write: RecordWrite, tx?: Tx): Promise<void>;
}

interface RecordWriteBase {
  context: RequestContext;
  definition: CompiledDefinition;
  scope: RecordScope;
  /** The object's association sides: `<side>_id` fields of a body are links, not properties. */
  sides: LinkSide[];
  /** Plinth itself writes (seeds, imports): read-only properties may be set. */
  isTrusted: boolean;
}

/** One new record of a create (single, batch, seed or import). */
export interface RecordDraft {
  id: string;
  body: unknown;
  /** normalize: the `<side>_id` fields. */
  references: SplitBody['references'];
  /** normalize: the writable properties with defaults, without nulls. */
  properties: Record<string, unknown>;
  /** authorize: the owning member (the body's `owner_id`, else the context's member). */
  ownerId: string | null;
  /** rules: what is stored. */
  values?: RecordValues;
  /** rules: the unique values the record claims. */
  claims: UniqueClaim[];
  /** A batch collects each record's refusal, to answer with all of them at once. */
  error?: AppError;
  /** rules: records that look the same by a `warn` duplicate rule (README "People and companies"). */
  duplicates?: DuplicateMatch[];
}

export interface CreateWrite extends RecordWriteBase {
  kind: 'create';
  drafts: RecordDraft[];
  /** A batch: errors name the record by its index, and the definition is held by the caller. */
  isBatch: boolean;
  /** persist: the inserted rows, in the drafts' order. */
  rows: RecordRow[];
  /** persist: the one-statement insert found the definition changed; the write is redone. */
  isStale: boolean;
  /** persist: a single create wrote its `created` event in its own statement (events: skip). */
  isEventWritten?: boolean;
}

export interface UpdateWrite extends RecordWriteBase {
  kind: 'update';
  id: string;
  body: unknown;
  /** The client's If-Match: checked against the locked row, so a stale edit never writes. */
  ifMatch?: IfMatch;
  /** Upsert and merge: multi-select values in the body are added to the stored ones, never removed. */
  accumulate?: boolean;
  /** normalize */
  references: SplitBody['references'];
  /** authorize: the stored row, locked (FOR UPDATE) until the write commits. */
  current?: RecordRow;
  /**
   * A batch's updates of different records (RecordWritePipeline.runUpdates): the stored row, read
   * and locked in the write's transaction with the batch's other records by
   * RecordWriteAuthorizeStage.lockMany;
   * authorize takes it as `current` instead of reading it again. Undefined: authorize reads it.
   */
  locked?: RecordRow;
  /** authorize: the owner after the change (the stored one unless the body reassigns it). */
  ownerId?: string | null;
  /** normalize: the stored properties merged with the changes (deleted ones' values kept). */
  merged: Record<string, unknown>;
  /** normalize: the merged record as reads show it: what is validated. */
  visible: Record<string, unknown>;
  /** rules */
  values?: RecordValues;
  released: string[];
  claims: UniqueClaim[];
  /**
   * persist: the changed row. Undefined after a one-statement update (no transaction) means the
   * record or its definition moved on since authorize read it: the write is redone, locked.
   */
  row?: RecordRow;
  /** persist: a one-statement update wrote its events in its own statement (events: skip). */
  isEventWritten?: boolean;
}

/**
 * A delete moves the record to the recycle bin (`archived_at` set): its values, unique values and
 * links stay, hidden from every read, until it is restored or purged (README, "Recycle bin").
 */
export interface DeleteWrite extends RecordWriteBase {
  kind: 'delete';
  id: string;
  ifMatch?: IfMatch;
  /** authorize: the locked row (404 when none). */
  current?: RecordRow;
  /**
   * Purge at once (`?permanent=true`, or a record already in the recycle bin): the row, its links
   * and its unique values go for good. Needs the role's data-model flag (purges).
   */
  isPermanent: boolean;
  /** persist: the archived row (undefined after a purge). */
  row?: RecordRow;
}

/** A record of the recycle bin comes back, with its values, unique values and links. */
export interface RestoreWrite extends RecordWriteBase {
  kind: 'restore';
  id: string;
  ifMatch?: IfMatch;
  /** authorize: the locked archived row (404 when none). */
  current?: RecordRow;
  /** persist: the restored row. */
  row?: RecordRow;
}

/**
 * A merge's tombstone (README "People and companies"): the merged record archived, its unique
 * values and match keys released, pointing to the survivor (`merged_into`). The merge's other
 * writes (the survivor's update, the moved links) are writes of their own in the same transaction.
 */
export interface MergeWrite extends RecordWriteBase {
  kind: 'merge';
  /** The record merged away. */
  id: string;
  survivorId: string;
  /** authorize: the merged row, locked. */
  current?: RecordRow;
}

/** Why a link could not be written. */
export type LinkOutcome = 'linked' | 'already_linked' | 'from_taken' | 'to_taken';

/** A write of `association` rows: one link made or removed, or a record's links of a type removed. */
export interface LinkWrite {
  kind: 'link';
  context: RequestContext;
  /** The organization whose rows are written. */
  organizationId: string;
  action: 'link' | 'unlink' | 'unlinkAll';
  associationType: string;
  /** link, unlink: the pair. */
  fromId?: string;
  toId?: string;
  /** link: the sides that hold at most one link (their partial unique indexes enforce it). */
  singles?: { from: boolean; to: boolean };
  /** unlinkAll: the record and the column it is in. */
  column?: LinkColumn;
  recordId?: string;
  /**
   * The records the link touches, by object: the role needs `update` on each (authorize). An end
   * without an id (the other records of an `unlinkAll`) is checked for the object only.
   */
  ends?: LinkEnd[];
  /** persist */
  outcome?: LinkOutcome;
  removed?: boolean;
  /** persist, unlinkAll: the links removed (the events stage records each). */
  removedPairs?: Array<{ fromId: string; toId: string }>;
}

/** One end of a link write, for the authorize stage. */
export interface LinkEnd {
  object: string;
  definitionId: string;
  id?: string;
}
