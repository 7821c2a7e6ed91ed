import { ApiKeyEntity } from './api-key.entity';
import { AssociationDefinitionEntity } from './association-definition.entity';
import { AssociationEntity } from './association.entity';
import { EventEntity } from './event.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { ImportJobEntity, ImportJobFailureEntity } from './import-job.entity';
import { MemberEntity } from './member.entity';
import { ObjectDefinitionVersionEntity } from './object-definition-version.entity';
import { ObjectDefinitionEntity } from './object-definition.entity';
import { OrganizationEntity } from './organization.entity';
import { PasswordResetEntity } from './password-reset.entity';
import { RecordUniqueValueEntity } from './record-unique-value.entity';
import { RecordEntity } from './record.entity';
import { RoleEntity } from './role.entity';
import { SessionEntity } from './session.entity';
import { SystemDefinitionTemplateEntity } from './system-definition-template.entity';
import { UserAccountEntity } from './user-account.entity';
import { WebhookCursorEntity } from './webhook-cursor.entity';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export const ENTITIES = [
  OrganizationEntity,
  ObjectDefinitionEntity,
  ObjectDefinitionVersionEntity,
  RecordEntity,
  RecordUniqueValueEntity,
  AssociationDefinitionEntity,
  AssociationEntity,
  IdempotencyKeyEntity,
  UserAccountEntity,
  RoleEntity,
  MemberEntity,
  SessionEntity,
  ApiKeyEntity,
  PasswordResetEntity,
  EventEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  WebhookCursorEntity,
  ImportJobEntity,
  ImportJobFailureEntity,
  SystemDefinitionTemplateEntity,
];
