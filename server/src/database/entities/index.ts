import { AssociationDefinitionEntity } from './association-definition.entity';
import { AssociationEntity } from './association.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { ObjectDefinitionVersionEntity } from './object-definition-version.entity';
import { ObjectDefinitionEntity } from './object-definition.entity';
import { OrganizationEntity } from './organization.entity';
import { RecordUniqueValueEntity } from './record-unique-value.entity';
import { RecordEntity } from './record.entity';

export const ENTITIES = [
  OrganizationEntity,
  ObjectDefinitionEntity,
  ObjectDefinitionVersionEntity,
  RecordEntity,
  RecordUniqueValueEntity,
  AssociationDefinitionEntity,
  AssociationEntity,
  IdempotencyKeyEntity,
];
