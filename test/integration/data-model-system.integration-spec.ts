import { DataModelClient, expectError } from '../support/data-model-fixtures';
import { aDeal, aPerson } from '../support/factories';
import { sharedTestApp, type TestApp } from '../support/test-app';

const DEAL_STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];

/** docs/domain.md: admins add properties to system objects; nobody deletes, retypes or loosens theirs. */
describe('Data model: system objects', () => {
  let testApp: TestApp;
  let api: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    api = new DataModelClient(testApp, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  const stageOptions = (values: string[]) =>
    values.map((value, order) => ({ value, label: value, order }));

  it('adds a property to a system object, and deletes it again', async () => {
    const loyalty = { name: 'loyalty_points', type: 'integer', label: 'Loyalty points' };
    await api.addProperty('person', loyalty).expect(201);
    const person = await api.createRecord('person', aPerson({ loyalty_points: 40 })).expect(201);
    expect(person.body).toMatchObject({ loyalty_points: 40 });
    await api.patchProperty('person', 'loyalty_points', { minimum: 0 }).expect(200);
    await api.deleteProperty('person', 'loyalty_points').expect(200);
    expect((await api.getRecord('person', person.body.id).expect(200)).body).not.toHaveProperty(
      'loyalty_points',
    );
  });

  it('refuses to delete a system property', async () => {
    expectError(await api.deleteProperty('person', 'email'), {
      status: 409,
      code: 'CONFLICT',
      message: 'email is a system property of person and cannot be deleted',
    });
    expectError(await api.deleteProperty('deal', 'close_date'), {
      status: 409,
      code: 'CONFLICT',
      message: 'close_date is a system property of deal and cannot be deleted',
    });
  });

  it.each([
    ['retype', { type: 'text' }, 'its type cannot change'],
    ['unrequire', { required: false }, 'it stays required'],
    ['make non-unique', { unique: false }, 'it stays unique'],
  ])('refuses to %s person.email', async (_, patch, problem) => {
    const version = await api.versionOf('person');
    for (const isDryRun of [true, false]) {
      expectError(await api.patchProperty('person', 'email', patch, isDryRun), {
        status: 409,
        code: 'CONFLICT',
        message: `email is a system property: ${problem}`,
        errors: { email: problem },
      });
    }
    expect(await api.versionOf('person')).toBe(version);
  });

  it('refuses to remove a docs/domain.md option from deal.stage, allows adding one', async () => {
    const withoutWon = stageOptions(DEAL_STAGES.filter((stage) => stage !== 'won'));
    expectError(await api.patchProperty('deal', 'stage', { options: withoutWon }), {
      status: 409,
      code: 'CONFLICT',
      message: 'stage is a system property: its options won cannot be removed',
      errors: { stage: 'its options won cannot be removed' },
    });
    const withOnHold = stageOptions([...DEAL_STAGES, 'on_hold']);
    await api.patchProperty('deal', 'stage', { options: withOnHold }).expect(200);
    // A valid value now; records enter it once the transitions name it (README "Pipelines").
    const created = await api.createRecord('deal', aDeal({ stage: 'on_hold' }));
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('relabels a system property and tightens it when the data allows', async () => {
    await api.createRecord('person', aPerson({ job_title: 'Chief buyer' })).expect(201);
    const response = await api
      .patchProperty('person', 'job_title', { label: 'Title', max_length: 20 })
      .expect(200);
    expect(response.body).toMatchObject({
      checked_records: 1,
      property: { name: 'job_title', label: 'Title', max_length: 20 },
    });
  });

  it('refuses to archive or rename a system object', async () => {
    expectError(await api.archiveObject('person'), {
      status: 409,
      code: 'CONFLICT',
      message: 'person is a system object and cannot be archived',
    });
    expectError(await api.patchObject('person', { name: 'human' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: name is not allowed here',
      errors: { name: 'is not allowed here' },
    });
    await api.patchObject('person', { labels: { singular: 'Contact', plural: 'Contacts' } });
    expect((await api.getObject('person').expect(200)).body).toMatchObject({
      name: 'person',
      is_system: true,
      labels: { singular: 'Contact', plural: 'Contacts' },
    });
  });
});
