export const CARDINALITIES = ['one_to_one', 'one_to_many', 'many_to_one', 'many_to_many'] as const;
export type Cardinality = (typeof CARDINALITIES)[number];

export interface AssociationSideInput {
  name: string;
  label: string;
}

/** An association definition in its declarative (wire and file) format. */
export interface AssociationDefinitionInput {
  name: string;
  from: string;
  to: string;
  cardinality: Cardinality;
  from_side: AssociationSideInput;
  to_side: AssociationSideInput;
}

export interface AssociationDefinition extends AssociationDefinitionInput {
  id: string;
  organizationId: string;
  fromObjectDefinitionId: string;
  toObjectDefinitionId: string;
  isSystem: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Each from-record has at most one linked to-record. */
export function isFromSideSingle(cardinality: Cardinality): boolean {
  return cardinality === 'many_to_one' || cardinality === 'one_to_one';
}

/** Each to-record has at most one linked from-record. */
export function isToSideSingle(cardinality: Cardinality): boolean {
  return cardinality === 'one_to_many' || cardinality === 'one_to_one';
}
