import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { DefinitionEvolution1763800000000 } from './1763800000000-definition-evolution';
import { AssociationDefinitions1763900000000 } from './1763900000000-association-definitions';
import { QueryEngine1764000000000 } from './1764000000000-query-engine';
import { RecordWriteAndOrderIndexes1764100000000 } from './1764100000000-record-write-and-order-indexes';
import { PurgeStarted1764200000000 } from './1764200000000-purge-started';
import { NeverFailingNumberCast1765100000000 } from './1765100000000-never-failing-number-cast';
import { IdempotencyKeys1765300000000 } from './1765300000000-idempotency-keys';
import { Access1766000000000 } from './1766000000000-access';
import { RecordOwnerAndActors1766100000000 } from './1766100000000-record-owner-and-actors';
import { EventLog1766200000000 } from './1766200000000-event-log';
import { RecycleBin1766300000000 } from './1766300000000-recycle-bin';
import { Webhooks1766400000000 } from './1766400000000-webhooks';
import { Party1766600000000 } from './1766600000000-party';
import { ImportJobs1766700000000 } from './1766700000000-import-jobs';
import { WebhookPayloadWithoutValues1766800000000 } from './1766800000000-webhook-payload-without-values';
import { SystemDefinitionTemplate1766900000000 } from './1766900000000-system-definition-template';
import { MatchKeysWithoutPendingList1767000000000 } from './1767000000000-match-keys-without-pending-list';
import { TitleTrigramShortPendingList1767100000000 } from './1767100000000-title-trigram-short-pending-list';
import { OrganizationSystemDefinitionsHash1767200000000 } from './1767200000000-organization-system-definitions-hash';
import { OrganizationLeadingKeys1767300000000 } from './1767300000000-organization-leading-keys';

/** Every migration, in order; they run at start-up. Never edit one after it is merged. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  DefinitionEvolution1763800000000,
  AssociationDefinitions1763900000000,
  QueryEngine1764000000000,
  RecordWriteAndOrderIndexes1764100000000,
  PurgeStarted1764200000000,
  NeverFailingNumberCast1765100000000,
  IdempotencyKeys1765300000000,
  Access1766000000000,
  RecordOwnerAndActors1766100000000,
  EventLog1766200000000,
  RecycleBin1766300000000,
  Webhooks1766400000000,
  Party1766600000000,
  ImportJobs1766700000000,
  WebhookPayloadWithoutValues1766800000000,
  SystemDefinitionTemplate1766900000000,
  MatchKeysWithoutPendingList1767000000000,
  TitleTrigramShortPendingList1767100000000,
  OrganizationSystemDefinitionsHash1767200000000,
  OrganizationLeadingKeys1767300000000,
];
