import { randomUUID } from 'node:crypto';
import type { RecordWrite, StageName, WriteStage } from 'src/records/record-write';
import { RecordWriteAuthorizeStage } from 'src/records/record-write-authorize.stage';
import { RecordWriteEventsStage } from 'src/records/record-write-events.stage';
import { RecordWriteNormalizeStage } from 'src/records/record-write-normalize.stage';
import { RecordWritePersistStage } from 'src/records/record-write-persist.stage';
import { RecordWriteRulesStage } from 'src/records/record-write-rules.stage';
import { RecordWriteValidateStage } from 'src/records/record-write-validate.stage';
import { RecordsService } from 'src/records/records.service';
import { aCompany } from '../support/association-fixtures';
import { aDeal, countStoredRecords, createRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const EVERY_STAGE: StageName[] = [
  'authorize',
  'normalize',
  'validate',
  'rules',
  'persist',
  'events',
];
const STAGES = [
  RecordWriteAuthorizeStage,
  RecordWriteNormalizeStage,
  RecordWriteValidateStage,
  RecordWriteRulesStage,
  RecordWritePersistStage,
  RecordWriteEventsStage,
];

/** Every stage of the running app counts its calls, by the kind of write it saw. */
describe('The record write path', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  const calls: Array<{ stage: StageName; write: RecordWrite }> = [];

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
    for (const type of STAGES) {
      const stage: WriteStage = testApp.app.get(type);
      const run = stage.run.bind(stage);
      // A counting stage in place of each real one (jest's spies are restored before every test).
      stage.run = (write, tx) => {
        calls.push({ stage: stage.name, write });
        return run(write, tx);
      };
    }
  });

  beforeEach(() => {
    calls.length = 0;
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The stages the writes of one kind passed, in the order they ran. */
  function stagesOf(kind: RecordWrite['kind']): StageName[] {
    return calls.filter(({ write }) => write.kind === kind).map(({ stage }) => stage);
  }

  /** Each write of the kind went through every stage, in order, and there were `count` of them. */
  function expectWrites(kind: RecordWrite['kind'], count: number): void {
    expect(stagesOf(kind)).toEqual(Array.from({ length: count }, () => EVERY_STAGE).flat());
  }

  const api = () => testApp.http();

  it('passes a single create through every stage, in order', async () => {
    await createRecord(testApp, organization, 'company', aCompany());
    expectWrites('create', 1);
  });

  it('passes a PUT, a PATCH and a DELETE through every stage', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    calls.length = 0;
    await api()
      .put(`/api/objects/company/${company.id}`)
      .set(organization.headers)
      .send({ name: 'Renamed' })
      .expect(200);
    await api()
      .patch(`/api/objects/company/${company.id}`)
      .set(organization.headers)
      .send({ name: 'Renamed again' })
      .expect(200);
    expectWrites('update', 2);
    await api().delete(`/api/objects/company/${company.id}`).set(organization.headers).expect(200);
    expectWrites('delete', 1);
  });

  it('passes a batch create through every stage once, for all its records', async () => {
    const response = await api()
      .post('/api/objects/company/batch')
      .set(organization.headers)
      .send([aCompany(), aCompany(), aCompany()])
      .expect(201);
    expect(response.body).toHaveLength(3);
    expectWrites('create', 1);
    const [write] = calls.map((call) => call.write);
    expect(write?.kind === 'create' && write.drafts).toHaveLength(3);
  });

  it('passes a seed (a trusted create with a fixed id) through every stage', async () => {
    const id = randomUUID();
    await testApp.app
      .get(RecordsService)
      .createRecord(organization.context, 'company', aCompany(), { id, isTrusted: true });
    expectWrites('create', 1);
  });

  it('passes link writes of the association API (single and batch) through every stage', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    const deal = await createRecord(testApp, organization, 'deal', aDeal());
    calls.length = 0;
    await api()
      .put(`/api/objects/deal/${deal.id}/associations/company/${company.id}`)
      .set(organization.headers)
      .expect(200);
    expectWrites('link', 1);
    calls.length = 0;
    await api()
      .delete(`/api/objects/deal/${deal.id}/associations/company/${company.id}`)
      .set(organization.headers)
      .expect(200);
    expectWrites('link', 1);
    calls.length = 0;
    await api()
      .post('/api/associations/batch')
      .set(organization.headers)
      .send({
        associate: [{ object: 'deal', id: deal.id, association: 'company', to_id: company.id }],
      })
      .expect(200);
    expectWrites('link', 1);
  });

  it('passes a reference field (`company_id`) through every stage as link writes', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    calls.length = 0;
    const deal = await createRecord(
      testApp,
      organization,
      'deal',
      aDeal({ company_id: company.id }),
    );
    expectWrites('create', 1);
    // The deal's link on the side is replaced: its old ones removed, the new one made.
    expectWrites('link', 2);
    calls.length = 0;
    await api()
      .patch(`/api/objects/deal/${deal.id}`)
      .set(organization.headers)
      .send({ company_id: null })
      .expect(200);
    expectWrites('update', 1);
    expectWrites('link', 1);
  });

  it('stops a refused write at its stage: nothing is persisted', async () => {
    const before = await countStoredRecords(testApp, organization, 'company');
    await api()
      .post('/api/objects/company')
      .set(organization.headers)
      .send({ name: 42 })
      .expect(400);
    expect(stagesOf('create')).toEqual(['authorize', 'normalize', 'validate']);
    expect(await countStoredRecords(testApp, organization, 'company')).toBe(before);
  });
});
