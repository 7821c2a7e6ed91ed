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
