import { loadSeeds } from 'src/cli/seed-records';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { DataModelClient } from '../support/data-model-fixtures';
import { uniqueSuffix } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Body = Record<string, unknown>;

describe('Pipelines: several per object, edited by admins, reported on', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let api: DataModelClient;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
    api = new DataModelClient(testApp, organization);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const deal = (overrides: Body = {}): Body => ({ name: `Deal ${uniqueSuffix()}`, ...overrides });

  async function newDeal(body: Body): Promise<Body & { id: string }> {
    return (await api.createRecord('deal', body).expect(201)).body as Body & { id: string };
  }

  async function move(id: string, ...bodies: Body[]): Promise<Body> {
    let last: Body = {};
    for (const body of bodies) {
      last = (await api.patchRecord('deal', id, body).expect(200)).body as Body;
    }
    return last;
  }

  async function stageProperty(): Promise<PropertyDefinition> {
    const properties = (await api.listProperties('deal').expect(200)).body as PropertyDefinition[];
    return properties.find((p) => p.name === 'stage') as PropertyDefinition;
  }

  it("applies the record's pipeline: its stages, its initial stage, its moves", async () => {
    const renewal = await newDeal(deal({ pipeline: 'renewals' }));
    expect(renewal).toMatchObject({ stage: 'qualified', stage_entered_at: expect.any(String) });
    const wrong = await api.createRecord('deal', deal({ pipeline: 'renewals', stage: 'lead' }));
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      details: { pipeline: 'renewals', requested: 'lead' },
    });
    const skipped = await api.patchRecord('deal', renewal.id, { stage: 'proposal' });
    expect(skipped.status).toBe(409);
    await move(renewal.id, { stage: 'negotiation' });
  });

  it('maps the stage when the pipeline changes, or checks the one given', async () => {
    const lead = await newDeal(deal());
    expect(await move(lead.id, { pipeline: 'renewals' })).toMatchObject({ stage: 'qualified' });
    const proposal = await newDeal(deal());
    await move(proposal.id, { stage: 'qualified' }, { stage: 'proposal' });
    const refused = await api.patchRecord('deal', proposal.id, {
      pipeline: 'renewals',
      stage: 'proposal',
    });
    expect(refused.status).toBe(409);
    expect(await move(proposal.id, { pipeline: 'renewals', stage: 'negotiation' })).toMatchObject({
      pipeline: 'renewals',
      stage: 'negotiation',
    });
  });

  it('retires a stage only once no record is in it, checked with a dry run first', async () => {
    const stage = await stageProperty();
    const pipelines = structuredClone(stage.pipelines);
    const renewals = pipelines?.items.find((p) => p.name === 'renewals');
    const negotiation = renewals?.stages.find((s) => s.value === 'negotiation');
    if (!negotiation) {
      throw new Error('the shipped renewals pipeline has a negotiation stage');
    }
    negotiation.retired = true;
    negotiation.label = 'Negotiation (retired)';
    const inIt = await newDeal(deal({ pipeline: 'renewals' }));
    await move(inIt.id, { stage: 'negotiation' });

    const dryRun = await api.patchProperty('deal', 'stage', { pipelines }, true);
    expect(dryRun.status).toBe(409);
    expect(dryRun.body).toMatchObject({
      code: 'SCHEMA_CHANGE_CONFLICT',
      details: {
        violations: 1,
        sample_ids: [inIt.id],
        pipeline: 'renewals',
        stages: ['negotiation'],
      },
    });
    expect((await api.patchProperty('deal', 'stage', { pipelines })).status).toBe(409);

    await move(inIt.id, { stage: 'qualified' });
    const checked = await api.patchProperty('deal', 'stage', { pipelines }, true).expect(200);
    expect(checked.body).toMatchObject({ dry_run: true });
    expect((await stageProperty()).pipelines).toEqual(stage.pipelines);
    await api.patchProperty('deal', 'stage', { pipelines }).expect(200);

    const refused = await api.patchRecord('deal', inIt.id, { stage: 'negotiation' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      message: expect.stringContaining('retired'),
    });
  });

  it('adds and reorders stages: a new option, its place in the pipeline and its moves', async () => {
    const stage = await stageProperty();
    const options = [
      ...(stage.options ?? []),
      { value: 'discovery', label: 'Discovery', order: 6 },
    ];
    const pipelines = structuredClone(stage.pipelines);
    const sales = pipelines?.items.find((p) => p.name === 'sales');
    const transitions = structuredClone(stage.transitions);
    if (!sales || !transitions) {
      throw new Error('the shipped deal stage has a sales pipeline and transitions');
    }
    sales.stages.splice(1, 0, { value: 'discovery', probability: 15 });
    transitions.moves.lead = [...(transitions.moves.lead ?? []), 'discovery'];
    transitions.moves.discovery = ['qualified', 'lead', 'lost'];
    await api.patchProperty('deal', 'stage', { options, pipelines, transitions }).expect(200);
    const created = await newDeal(deal());
    expect(await move(created.id, { stage: 'discovery' }, { stage: 'qualified' })).toMatchObject({
      stage: 'qualified',
    });
  });

  it('refuses transitions that name unknown states or properties, per field (400)', async () => {
    const stage = await stageProperty();
    const transitions = {
      ...stage.transitions,
      moves: { ...stage.transitions?.moves, lead: ['qualified', 'signed'] },
      on_enter: { won: { required: ['budget'], stamp: ['name'] } },
    };
    const response = await api.patchProperty('deal', 'stage', { transitions });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: {
        'properties.stage.transitions.moves.lead':
          expect.stringContaining('"signed" is not a state'),
        'properties.stage.transitions.on_enter.won.required': '"budget" is not a property of deal',
        'properties.stage.transitions.on_enter.won.stamp':
          '"name" is not a date or datetime property of deal',
      },
    });
  });

  it('reports count, amounts by currency, time in stage and conversion on known data', async () => {
    const usd = (amount: string, extra: Body = {}) => deal({ amount, currency: 'USD', ...extra });
    await newDeal(usd('100.00'));
    await newDeal(usd('200.50'));
    const qualified = await newDeal(deal({ amount: '50.00', currency: 'EUR' }));
    await move(qualified.id, { stage: 'qualified' });
    const won = await newDeal(usd('1000.00', { close_date: '2026-05-01' }));
    await move(
      won.id,
      { stage: 'qualified' },
      { stage: 'proposal' },
      { stage: 'negotiation' },
      {
        stage: 'won',
      },
    );
    const lost = await newDeal(usd('70.00'));
    await move(lost.id, { stage: 'lost', lost_reason: 'price' });
    await newDeal(deal({ pipeline: 'renewals', amount: '999.00' }));

    const response = await testApp
      .http()
      .get('/api/objects/deal/pipelines/sales/report')
      .set(organization.headers)
      .expect(200);
    const report = response.body as {
      total: number;
      history_source: string;
      stages: Array<Record<string, unknown>>;
    };
    expect(report).toMatchObject({ total: 5, history_source: 'events' });
    const byStage = Object.fromEntries(report.stages.map((s) => [s.value, s]));
    expect(byStage.lead).toMatchObject({
      count: 2,
      amounts: [{ currency: 'USD', amount: '300.50' }],
      conversion_to_next: 0.4,
    });
    expect(byStage.qualified).toMatchObject({
      count: 1,
      amounts: [{ currency: 'EUR', amount: '50.00' }],
      conversion_to_next: 0.5,
    });
    expect(byStage.proposal).toMatchObject({ count: 0, amounts: [], conversion_to_next: 1 });
    expect(byStage.negotiation).toMatchObject({ count: 0, conversion_to_next: 1 });
    expect(byStage.won).toMatchObject({
      count: 1,
      amounts: [{ currency: 'USD', amount: '1000.00' }],
      conversion_to_next: null,
      is_closed: true,
    });
    expect(byStage.lost).toMatchObject({ count: 1, probability: 0 });
    expect(byStage.lead?.average_days_in_stage).toBeGreaterThanOrEqual(0);

    const later = await testApp
      .http()
      .get('/api/objects/deal/pipelines/sales/report')
      .query({ from: '2999-01-01' })
      .set(organization.headers)
      .expect(200);
    expect(later.body).toMatchObject({ total: 0 });
    const unknown = await testApp
      .http()
      .get('/api/objects/deal/pipelines/nope/report')
      .set(organization.headers);
    expect(unknown.status).toBe(404);
    const invoices = await testApp
      .http()
      .get('/api/objects/invoice/pipelines/default/report')
      .set(organization.headers)
      .expect(200);
    expect(invoices.body).toMatchObject({ property: 'status', total: 0, history_source: 'events' });
  });

  it('loads every seed file by moving records along allowed paths', async () => {
    const counts = await loadSeeds(testApp.app, organization.context);
    expect(counts.every((c) => c.kept === 0)).toBe(true);
    const won = await api.listRecords('deal', { stage: 'won' }).expect(200);
    expect((won.body as Body[]).length).toBe(6);
    expect(won.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ closed_at: '2026-05-28T17:00:00Z' })]),
    );
    const again = await loadSeeds(testApp.app, organization.context);
    expect(again.every((c) => c.created === 0)).toBe(true);
  });
});
