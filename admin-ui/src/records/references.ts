import type { ReactElement, ReactNode } from 'react';
import type { ObjectDefinition } from 'src/definitions/types';

/** A to-many association shown as one tab of a record's show page (a company's deals). */
export interface RelatedTab {
  key: string;
  label: string;
  content: ReactNode;
}

/** A to-one association as a list column (a deal's company). */
export interface ReferenceColumn {
  source: string;
  label: string;
  field: ReactElement;
}

/**
 * What associations add to an object's generated screens: the generic views render these slots,
 * and `noReferences` leaves them empty (a server without the association API).
 */
export interface RecordReferences {
  /** To-one links as inputs (autocomplete on the other object), after the properties. */
  inputs: ReactNode[];
  /** The same links on show pages. */
  fields: ReactNode[];
  /** The same links as list columns. */
  columns: ReferenceColumn[];
  /** The same links as list filters. */
  filters: ReactElement[];
  /** To-many links: one tab each on the show page. */
  tabs: RelatedTab[];
}

export type ReferencesResolver = (definition: ObjectDefinition) => RecordReferences;

const NONE: RecordReferences = { inputs: [], fields: [], columns: [], filters: [], tabs: [] };

export const noReferences: ReferencesResolver = () => NONE;
