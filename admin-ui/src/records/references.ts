import type { ReactNode } from 'react';
import type { ObjectDefinition } from 'src/definitions/types';

/** A to-many association shown as one tab of a record's show page (a company's deals). */
export interface RelatedTab {
  key: string;
  label: string;
  content: ReactNode;
}

/**
 * What associations add to an object's generated screens. The association API is a later server
 * issue; until it lands every object has none, and the generic views already render these slots.
 */
export interface RecordReferences {
  /** To-one links as inputs (autocomplete on the other object), after the properties. */
  inputs: ReactNode[];
  /** The same links on show pages. */
  fields: ReactNode[];
  /** To-many links: one tab each on the show page. */
  tabs: RelatedTab[];
}

export type ReferencesResolver = (definition: ObjectDefinition) => RecordReferences;

const NONE: RecordReferences = { inputs: [], fields: [], tabs: [] };

export const noReferences: ReferencesResolver = () => NONE;
