import { uniqueSuffix } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Body = Record<string, unknown>;

const DAY = 86_400_000;

interface StageReport {
  value: string;
  count: number;
  entered: number;
  average_days_in_stage: number | null;
  conversion_to_next: number | null;
}

interface TimelineEvent {
  type: string;
  occurred_at: string;
  actor: string;
  data: Body;
}

describe('Pipelines: the stage history and the report from the event log', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  /** Every move of the tests' deals happens at T0 + n days (their events are dated so). */
  const t0 = Date.now() - 30 * DAY;
  const at = (days: number) => new Date(t0 + days * DAY).toISOString();

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

  /**
   * A sales deal created in `lead` and moved through `stages`; then its created and
   * status_changed events are dated `days` (one per event, oldest first) after T0.
   */
  async function dealThrough(stages: string[], days: number[], body: Body = {}): Promise<string> {
    const created = await api()
      .post('/api/objects/deal')
      .set(organization.headers)
      .send({ name: `Deal ${uniqueSuffix()}`, amount: '100.00', currency: 'USD', ...body })
      .expect(201);
    const id = (created.body as { id: string }).id;
    for (const stage of stages) {
      await api()
        .patch(`/api/objects/deal/${id}`)
        .set(organization.headers)
        .send({ stage, ...(stage === 'won' ? { close_date: '2026-06-30' } : {}) })
        .expect(200);
    }
    const events = await testApp.dataSource.query<Array<{ id: string }>>(
      `SELECT e.id::text AS id FROM event e
        WHERE e.organization_id = $1 AND e.record_id = $2 AND e.type IN ('created', 'status_changed')
        ORDER BY e.id`,
      [organization.id, id],
    );
    expect(events).toHaveLength(days.length);
    for (const [index, event] of events.entries()) {
      await testApp.dataSource.query(
        `UPDATE event SET occurred_at = $3 WHERE organization_id = $1 AND id = $2`,
        [organization.id, event.id, at(days[index] ?? 0)],
      );
    }
    return id;
  }

  async function report(): Promise<{
    total: number;
    history_source: string;
    stages: StageReport[];
  }> {
    const response = await api()
      .get('/api/objects/deal/pipelines/sales/report')
      .set(organization.headers)
      .expect(200);
    return response.body as { total: number; history_source: string; stages: StageReport[] };
  }

  it('computes time in stage and conversion from when each deal entered and left each stage', async () => {
    const lost = { lost_reason: 'price' };
    await dealThrough(['qualified', 'proposal', 'lost'], [0, 2, 5, 6], lost);
    // Back to lead and on again: both visits to lead and to qualified add up.
    await dealThrough(['qualified', 'lead', 'qualified', 'lost'], [0, 4, 5, 6, 8], lost);
    await dealThrough(['qualified', 'proposal', 'negotiation', 'won'], [0, 1, 2, 4, 7]);
    await dealThrough(['lost'], [0, 3], lost);
    await dealThrough(['qualified'], [0, 1]);
    // Gone from the report: a purged deal (its events erased), one in the recycle bin, another pipeline.
    const purged = await dealThrough(['qualified'], [0, 1]);
    await api()
      .delete(`/api/objects/deal/${purged}`)
      .query({ permanent: 'true' })
      .set(organization.headers)
      .expect(200);
    const binned = await dealThrough(['qualified'], [0, 1]);
    await api().delete(`/api/objects/deal/${binned}`).set(organization.headers).expect(200);
    await dealThrough([], [0], { pipeline: 'renewals', stage: 'qualified' });

    const before = Date.now();
    const { total, history_source, stages } = await report();
    const after = Date.now();

    expect({ total, history_source }).toEqual({ total: 5, history_source: 'events' });
    const byStage = Object.fromEntries(stages.map((s) => [s.value, s]));
    expect(byStage.lead).toMatchObject({
      count: 0,
      entered: 5,
      average_days_in_stage: (2 + 5 + 1 + 3 + 1) / 5,
      conversion_to_next: 0.8,
    });
    // The current deal is still in qualified: its stay counts up to now.
    const stillThere = (moment: number) => (moment - t0) / DAY - 1;
    const qualified = byStage.qualified;
    expect(qualified).toMatchObject({ count: 1, entered: 4, conversion_to_next: 0.5 });
    expect(qualified?.average_days_in_stage).toBeGreaterThanOrEqual(
      Math.floor(((3 + 3 + 1 + stillThere(before)) / 4) * 100) / 100,
    );
    expect(qualified?.average_days_in_stage).toBeLessThanOrEqual(
      Math.ceil(((3 + 3 + 1 + stillThere(after)) / 4) * 100) / 100,
    );
    expect(byStage.proposal).toMatchObject({
      count: 0,
      entered: 2,
      average_days_in_stage: 1.5,
      conversion_to_next: 0.5,
    });
    expect(byStage.negotiation).toMatchObject({
      entered: 1,
      average_days_in_stage: 3,
      conversion_to_next: 1,
    });
    expect(byStage.won).toMatchObject({ count: 1, entered: 1, conversion_to_next: null });
    expect(byStage.lost).toMatchObject({ count: 3, entered: 3, conversion_to_next: null });
  });

  it('reads the stage history of a deal from its timeline: each stage, when, by whom', async () => {
    const id = await dealThrough(['qualified', 'lead', 'qualified'], [0, 4, 5, 6]);
    await api()
      .patch(`/api/objects/deal/${id}`)
      .set(organization.headers)
      .send({ name: 'Renamed' })
      .expect(200);

    const response = await api()
      .get(`/api/objects/deal/${id}/timeline`)
      .query({
        filter: JSON.stringify({ type: ['created', 'status_changed'], property: 'stage' }),
        range: '[0,99]',
      })
      .set(organization.headers)
      .expect(200);
    const events = (response.body as { results: TimelineEvent[] }).results;

    const stageOf = (event: TimelineEvent) =>
      event.type === 'created' ? (event.data.properties as Body).stage : event.data.new;
    expect(events.map((e) => [e.type, stageOf(e), e.occurred_at])).toEqual([
      ['status_changed', 'qualified', at(6)],
      ['status_changed', 'lead', at(5)],
      ['status_changed', 'qualified', at(4)],
      ['created', 'lead', at(0)],
    ]);
    expect(events[0]?.data).toEqual({ property: 'stage', old: 'lead', new: 'qualified' });
    expect(new Set(events.map((e) => e.actor)).size).toBe(1);
    expect(events[0]?.actor).toMatch(/^(member|api_key):/);
  });
});
