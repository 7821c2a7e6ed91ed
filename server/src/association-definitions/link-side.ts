import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import type { RequestContext } from 'src/organizations/request-context';

/** Which column of an association row holds the record being looked at. */
export type LinkColumn = 'from' | 'to';

/** One side of an association as an object sees it (`company` on a deal, `deals` on a company). */
export interface LinkSide {
  name: string;
  label: string;
  /** The association definition's id (the `association_type` of its rows). */
  associationType: string;
  selfColumn: LinkColumn;
  otherObject: string;
  /** Each record has at most one linked record on this side. */
  isToOne: boolean;
  /** `<name>_id`: the to-one side as a reference property react-admin can read, write and filter. */
  referenceField?: string;
}

/** Linked record ids of several records: record id → side name → other record ids. */
export type LinkedIds = Map<string, Map<string, string[]>>;

/**
 * What records need from associations, implemented by the associations module (which depends on
 * records, so it registers itself here rather than being injected: no import cycle).
 */
export interface RecordLinks {
  sidesOf(context: RequestContext, objectName: string): Promise<LinkSide[]>;
  readLinks(context: RequestContext, sides: LinkSide[], recordIds: string[]): Promise<LinkedIds>;
  /** Sets (replacing) or clears a to-one link, in the record write's transaction. */
  setReference(
    context: RequestContext,
    side: LinkSide,
    recordId: string,
    otherId: string | null,
    tx: Tx,
  ): Promise<void>;
}

const NO_LINKS: RecordLinks = {
  sidesOf: () => Promise.resolve([]),
  readLinks: () => Promise.resolve(new Map()),
  setReference: () => Promise.resolve(),
};

@Injectable()
export class RecordLinksRegistry {
  private links: RecordLinks = NO_LINKS;

  register(links: RecordLinks): void {
    this.links = links;
  }

  get current(): RecordLinks {
    return this.links;
  }
}
