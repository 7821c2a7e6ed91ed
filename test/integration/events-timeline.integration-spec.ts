import { randomUUID } from 'node:crypto';
import { AppError } from 'src/common/errors/app-error';
import type { Permissions } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import { TimelineService } from 'src/timeline/timeline.service';
import { aCompany } from '../support/association-fixtures';
import { aDeal, createRecord } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

interface WireEvent {
  id: string;
  type: string;
  occurred_at: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Reads every deal but hides `amount`; no access to companies. */
const HIDES_AMOUNT: Permissions = {
  objects: {
    deal: { read: 'all', create: 'all', update: 'all', delete: 'none' },
    company: { read: 'none', create: 'none', update: 'none', delete: 'none' },
    '*': { read: 'all', create: 'all', update: 'all', delete: 'all' },
  },
  properties: { deal: { amount: 'hidden' } },
  manageDataModel: false,
  manageAccess: false,
};

/** Timeline, history, comments and as-of reads over the event log. */
describe('The timeline', () => {
  let testApp: TestApp;
  let organization: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    organization = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => testApp.http();
  const patch = (id: string, body: Record<string, unknown>) =>
    api().patch(`/api/objects/deal/${id}`).set(organization.headers).send(body).expect(200);
  const timeline = (id: string, query: Record<string, string> = {}) =>
    api().get(`/api/objects/deal/${id}/timeline`).query(query).set(organization.headers);

  it('lists a record’s events newest first, in cursor pages, with filters', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal({ stage: 'lead' }));
    await patch(deal.id, { stage: 'qualified' });
    await patch(deal.id, { next_step: 'Call' });
    await patch(deal.id, { stage: 'proposal' });
    // A stage move is an update (with the stamp its state machine sets) and a status change.
    const first = await timeline(deal.id, { range: '[0,1]' }).expect(200);
    expect(first.body.results.map((e: WireEvent) => e.type)).toEqual(['status_changed', 'updated']);
    expect(first.body.results[0].data).toEqual({
      property: 'stage',
      old: 'qualified',
      new: 'proposal',
    });
    expect(first.body.results[1].data.changes.stage).toEqual({ old: 'qualified', new: 'proposal' });
    const second = await timeline(deal.id, {
      range: '[0,1]',
      cursor: first.body.paging.next.after as string,
    }).expect(200);
    expect(second.body.results.map((e: WireEvent) => e.type)).toEqual([
      'updated',
      'status_changed',
    ]);
    const ids = [...first.body.results, ...second.body.results].map((e: WireEvent) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));

    const stageOnly = await timeline(deal.id, {
      filter: JSON.stringify({ type: ['updated'], property: 'stage' }),
    }).expect(200);
    expect(stageOnly.body.results).toHaveLength(2);
    const creator = await timeline(deal.id, {
      filter: JSON.stringify({ actor: deal.created_by as string, type: 'created' }),
    }).expect(200);
    expect(creator.body.results).toHaveLength(1);
    const future = await timeline(deal.id, {
      filter: JSON.stringify({ from: '2999-01-01T00:00:00Z' }),
    }).expect(200);
    expect(future.body.results).toEqual([]);
    expect((await timeline(deal.id, { filter: '{"colour":"red"}' })).status).toBe(400);
    expect((await timeline(deal.id, { cursor: 'junk' })).status).toBe(400);
    expect((await timeline(randomUUID())).status).toBe(404);
  });

  it('adds comments with their author to the timeline', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal());
    const session = await organization.signIn('viewer');
    const response = await api()
      .post(`/api/objects/deal/${deal.id}/comments`)
      .set(session)
      .send({ text: 'They sign next week' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      type: 'comment',
      actor: `member:${session.memberId}`,
      source: 'ui',
      data: { text: 'They sign next week' },
    });
    const page = await timeline(deal.id, { filter: '{"type":"comment"}' }).expect(200);
    expect(page.body.results.map((e: WireEvent) => e.data.text)).toEqual(['They sign next week']);
    await api()
      .post(`/api/objects/deal/${deal.id}/comments`)
      .set(organization.headers)
      .send({ text: '' })
      .expect(400);
  });

  it('lists one property’s values over time', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal({ stage: 'lead' }));
    await patch(deal.id, { stage: 'qualified' });
    await patch(deal.id, { next_step: 'Call' });
    await patch(deal.id, { stage: 'proposal' });
    const history = await api()
      .get(`/api/objects/deal/${deal.id}/history`)
      .query({ property: 'stage' })
      .set(organization.headers)
      .expect(200);
    expect(history.body.map((entry: { value: unknown }) => entry.value)).toEqual([
      'lead',
      'qualified',
      'proposal',
    ]);
    await api()
      .get(`/api/objects/deal/${deal.id}/history`)
      .query({ property: 'nope' })
      .set(organization.headers)
      .expect(400);
  });

  it('reads a record and its links as they were at an instant', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    const deal = await createRecord(testApp, organization, 'deal', aDeal({ stage: 'lead' }));
    await patch(deal.id, { stage: 'qualified', next_step: 'Call' });
    await patch(deal.id, { company_id: company.id });
    await patch(deal.id, { stage: 'proposal', next_step: null });
    await patch(deal.id, { company_id: null });
    const events = (await timeline(deal.id, { range: '[0,99]' }).expect(200)).body
      .results as WireEvent[];
    const oldestFirst = [...events].reverse();
    const at = (index: number) => oldestFirst[index]?.occurred_at as string;
    const asOf = (instant: string) =>
      api().get(`/api/objects/deal/${deal.id}`).query({ as_of: instant }).set(organization.headers);

    const created = await asOf(at(0)).expect(200);
    expect(created.body).toMatchObject({ stage: 'lead', company_id: null });
    expect(created.body.next_step).toBeUndefined();
    expect(created.headers.etag).toBe('"1"');

    const qualified = await asOf(at(1)).expect(200);
    expect(qualified.body).toMatchObject({ stage: 'qualified', next_step: 'Call' });

    // The reference set (associated + updated), before it was removed.
    const linked = (
      await asOf(at(oldestFirst.findIndex((e) => e.type === 'associated'))).expect(200)
    ).body;
    expect(linked).toMatchObject({ stage: 'qualified', company_id: company.id });

    const now = await asOf(new Date().toISOString()).expect(200);
    expect(now.body).toMatchObject({ stage: 'proposal', company_id: null });
    expect(now.body.next_step).toBeUndefined();

    await asOf('2000-01-01T00:00:00Z').expect(404);
    await asOf('yesterday').expect(400);
  });

  it('reads a deleted record as it was before its deletion', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal({ name: 'Gone' }));
    const before = new Date(Date.now() + 1).toISOString();
    const events = (await timeline(deal.id).expect(200)).body.results as WireEvent[];
    await api().delete(`/api/objects/deal/${deal.id}`).set(organization.headers).expect(200);
    const response = await api()
      .get(`/api/objects/deal/${deal.id}`)
      .query({ as_of: events[0]?.occurred_at ?? before })
      .set(organization.headers)
      .expect(200);
    expect(response.body).toMatchObject({ id: deal.id, name: 'Gone' });
  });

  it('never shows a caller what its role hides', async () => {
    const timelines = testApp.app.get(TimelineService);
    const company = await createRecord(testApp, organization, 'company', aCompany());
    const deal = await createRecord(
      testApp,
      organization,
      'deal',
      aDeal({ amount: '500.00', company_id: company.id }),
    );
    await patch(deal.id, { amount: '900.00' });
    await patch(deal.id, { amount: '950.00', next_step: 'Sign' });
    const memberId = randomUUID();
    const context: RequestContext = {
      organizationId: organization.id,
      actor: { kind: 'member', id: memberId, userId: randomUUID() },
      memberId,
      role: 'custom',
      permissions: HIDES_AMOUNT,
    };
    const page = await timelines.listTimeline(context, 'deal', deal.id, { limit: 25 });
    // The amount-only update is not shown; the link to a company the role cannot read neither.
    expect(page.results.map((e) => e.type)).toEqual(['updated', 'created']);
    expect(page.results[0]?.data).toEqual({ changes: { next_step: { old: null, new: 'Sign' } } });
    expect(JSON.stringify(page.results)).not.toContain('amount');
    const refusal = await timelines
      .listPropertyHistory(context, 'deal', deal.id, 'amount')
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    const companies = await timelines
      .listTimeline(context, 'company', company.id, { limit: 25 })
      .catch((error: unknown) => error);
    expect((companies as AppError).status).toBe(403);
  });
});
