import { randomUUID } from 'node:crypto';
import { EventFeedService, type FeedPage } from 'src/events/event-feed.service';
import { systemContext } from 'src/organizations/request-context';
import { RecordsService } from 'src/records/records.service';
import { aCompany } from '../support/association-fixtures';
import { aDeal, createRecord, registerCustomObject } from '../support/factories';
import { LockGate, send } from '../support/lock-gate';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

interface EventRow {
  id: string;
  type: string;
  object_name: string | null;
  record_id: string | null;
  record_version: number | null;
  actor: string;
  source: string;
  request_id: string | null;
  data: Record<string, unknown>;
}

/** Every write path appends its events in its own transaction (docs/architecture.md, "Timeline"). */
describe('The event log', () => {
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

  function eventsOf(recordId: string): Promise<EventRow[]> {
    return testApp.dataSource.query(
      `SELECT id::text, type, object_name, record_id, record_version, actor, source, request_id, data
         FROM event e WHERE organization_id = $1 AND record_id = $2 ORDER BY e.id`,
      [organization.id, recordId],
    );
  }

  const api = () => testApp.http();

  /**
   * The feed hands out nothing committed after the oldest transaction still open anywhere in the
   * cluster, and other suites write beside this one: read until `done` holds, or give the last read.
   */
  async function readSettled(
    read: () => Promise<FeedPage>,
    done: (page: FeedPage) => boolean,
  ): Promise<FeedPage> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const page = await read();
      if (done(page) || Date.now() > deadline) return page;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('records a single create with its actor, source, request id and version', async () => {
    const response = await api()
      .post('/api/objects/deal')
      .set(organization.headers)
      .set('X-Request-Id', 'req-create-1')
      .send(aDeal({ name: 'Big one', stage: 'lead' }));
    expect(response.status).toBe(201);
    const [event, ...more] = await eventsOf(response.body.id as string);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'created',
      object_name: 'deal',
      record_version: 1,
      actor: response.body.created_by,
      source: 'api',
      request_id: 'req-create-1',
      data: { properties: { name: 'Big one', stage: 'lead' } },
    });
    expect(event?.actor).toMatch(/^api_key:/);
  });

  it('records a signed-in member’s change as coming from the ui', async () => {
    const session = await organization.signIn('member');
    const response = await api().post('/api/objects/company').set(session).send(aCompany());
    expect(response.status).toBe(201);
    const [event] = await eventsOf(response.body.id as string);
    expect(event).toMatchObject({ source: 'ui', actor: `member:${session.memberId}` });
  });

  it('records a batch create as one created event per record', async () => {
    const response = await api()
      .post('/api/objects/deal/batch')
      .set(organization.headers)
      .send([aDeal({ name: 'A' }), aDeal({ name: 'B' }), aDeal({ name: 'C' })]);
    expect(response.status).toBe(201);
    for (const record of response.body as Array<{ id: string; name: string }>) {
      const events = await eventsOf(record.id);
      expect(events.map((e) => [e.type, e.record_version, e.data.properties])).toEqual([
        ['created', 1, expect.objectContaining({ name: record.name })],
      ]);
    }
  });

  it('records a seed as a system create', async () => {
    const id = randomUUID();
    await testApp.app
      .get(RecordsService)
      .createRecord(systemContext(organization.id), 'company', aCompany({ name: 'Seeded' }), {
        id,
        isTrusted: true,
      });
    expect(await eventsOf(id)).toEqual([
      expect.objectContaining({ type: 'created', actor: 'system', source: 'system' }),
    ]);
  });

  it('records each changed property of an update with its old and new value', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal({ stage: 'lead' }));
    const response = await api()
      .patch(`/api/objects/deal/${deal.id}`)
      .set(organization.headers)
      .send({ stage: 'qualified', next_step: 'Call', name: deal.name });
    expect(response.status).toBe(200);
    const events = await eventsOf(deal.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'updated', 'status_changed']);
    expect(events[2]).toMatchObject({
      record_version: 2,
      data: { property: 'stage', old: 'lead', new: 'qualified' },
    });
    expect(events[1]).toMatchObject({
      record_version: 2,
      data: {
        changes: {
          stage: { old: 'lead', new: 'qualified' },
          next_step: { old: null, new: 'Call' },
        },
      },
    });
    // The state machine stamps when the stage was entered: a change too.
    expect(Object.keys(events[1]?.data.changes as object).sort()).toEqual([
      'next_step',
      'stage',
      'stage_entered_at',
    ]);
  });

  it('records a delete with the values the record had', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    const response = await api()
      .delete(`/api/objects/company/${company.id}`)
      .set(organization.headers);
    expect(response.status).toBe(200);
    const events = await eventsOf(company.id);
    expect(events.map((e) => [e.type, e.record_version])).toEqual([
      ['created', 1],
      ['deleted', 2],
    ]);
    expect(events[1]?.data.properties).toMatchObject({ name: company.name });
  });

  it('records a restore from the recycle bin with the values the record has again', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    await api().delete(`/api/objects/company/${company.id}`).set(organization.headers).expect(200);
    await api()
      .post(`/api/objects/company/${company.id}/restore`)
      .set(organization.headers)
      .expect(200);
    const events = await eventsOf(company.id);
    expect(events.map((e) => [e.type, e.record_version])).toEqual([
      ['created', 1],
      ['deleted', 2],
      ['restored', 3],
    ]);
    expect(events[2]?.data.properties).toMatchObject({ name: company.name });
  });

  it('erases a purged record’s values from its events and records the purge without values', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    await api()
      .patch(`/api/objects/company/${company.id}`)
      .set(organization.headers)
      .send({ name: 'Renamed Ltd' })
      .expect(200);
    const other = await createRecord(testApp, organization, 'company', aCompany());
    await api()
      .delete(`/api/objects/company/${company.id}`)
      .query({ permanent: 'true' })
      .set(organization.headers)
      .expect(200);
    const events = await eventsOf(company.id);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['created', { erased: true }],
      ['updated', { erased: true }],
      ['deleted', { permanent: true }],
    ]);
    expect(JSON.stringify(events)).not.toContain('Renamed Ltd');
    // Another record's events keep their values.
    const [kept] = await eventsOf(other.id);
    expect(kept?.data.properties).toMatchObject({ name: other.name });
  });

  it('records a link and an unlink at both ends, and a reference field’s changes', async () => {
    const company = await createRecord(testApp, organization, 'company', aCompany());
    const deal = await createRecord(testApp, organization, 'deal', aDeal());
    const path = `/api/objects/deal/${deal.id}/associations/company/${company.id}`;
    expect((await api().put(path).set(organization.headers)).status).toBeLessThan(300);
    expect((await api().delete(path).set(organization.headers)).status).toBeLessThan(300);
    const linkData = { association_type: expect.any(String), from_id: deal.id, to_id: company.id };
    expect((await eventsOf(deal.id)).map((e) => [e.type, e.data])).toEqual([
      ['created', expect.anything()],
      ['associated', { ...linkData, side: 'from', other_object: 'company' }],
      ['dissociated', { ...linkData, side: 'from', other_object: 'company' }],
    ]);
    expect((await eventsOf(company.id)).map((e) => [e.type, e.data.side])).toEqual([
      ['created', undefined],
      ['associated', 'to'],
      ['dissociated', 'to'],
    ]);
    // A reference field set on create and cleared on update: link writes, each recorded.
    const referring = await createRecord(
      testApp,
      organization,
      'deal',
      aDeal({ company_id: company.id }),
    );
    await api()
      .patch(`/api/objects/deal/${referring.id}`)
      .set(organization.headers)
      .send({ company_id: null })
      .expect(200);
    expect((await eventsOf(referring.id)).map((e) => e.type)).toEqual([
      'created',
      'associated',
      'updated',
      'dissociated',
    ]);
  });

  it('masks sensitive properties in every event', async () => {
    await registerCustomObject(testApp, organization, {
      name: 'applicant',
      labels: { singular: 'Applicant', plural: 'Applicants' },
      primary_display_property: 'name',
      properties: [
        { name: 'name', type: 'text', label: 'Name' },
        { name: 'ssn', type: 'text', label: 'SSN', sensitive: true },
      ],
    });
    const created = await createRecord(testApp, organization, 'applicant', {
      name: 'Ann',
      ssn: '123-45-6789',
    });
    await api()
      .patch(`/api/objects/applicant/${created.id}`)
      .set(organization.headers)
      .send({ ssn: '987-65-4321' })
      .expect(200);
    await api()
      .delete(`/api/objects/applicant/${created.id}`)
      .set(organization.headers)
      .expect(200);
    const events = await eventsOf(created.id);
    expect(events.map((e) => e.data)).toEqual([
      { properties: { name: 'Ann', ssn: '***' }, owner_id: expect.any(String) },
      { changes: { ssn: { old: '***', new: '***' } } },
      {
        properties: { name: 'Ann', ssn: '***' },
        owner_id: expect.any(String),
        created_at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('6789');
    expect(JSON.stringify(events)).not.toContain('4321');
  });

  it('records a definition change made by an admin', async () => {
    await api()
      .post('/api/object-definitions/deal/properties')
      .set(organization.headers)
      .send({ name: 'region', type: 'text', label: 'Region' });
    const rows: EventRow[] = await testApp.dataSource.query(
      `SELECT type, object_name, data FROM event WHERE organization_id = $1 AND type = 'definition_changed'`,
      [organization.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        object_name: 'deal',
        data: { object_name: 'deal', version: expect.any(Number), summary: expect.any(String) },
      }),
    ]);
  });

  it('writes nothing when the write is refused', async () => {
    const response = await api()
      .post('/api/objects/deal/batch')
      .set(organization.headers)
      .send([aDeal(), { name: 5 }]);
    expect(response.status).toBe(400);
    const [{ total }] = await testApp.dataSource.query(
      'SELECT count(*)::int AS total FROM event WHERE organization_id = $1',
      [organization.id],
    );
    expect(total).toBe(0);
  });

  it('keeps versions strictly increasing per record under concurrent writers', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal());
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        api()
          .patch(`/api/objects/deal/${deal.id}`)
          .set(organization.headers)
          .send({ next_step: `step ${index}` })
          .expect(200),
      ),
    );
    const versions = (await eventsOf(deal.id)).map((e) => e.record_version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('loses no change of writers that all read the record before any of them wrote it', async () => {
    const deal = await createRecord(testApp, organization, 'deal', aDeal());
    const changes = [
      { name: 'Renamed' },
      { next_step: 'Call back' },
      { competitor: 'Acme' },
      { description: 'Long story' },
    ];
    const gate = await LockGate.open(testApp);
    try {
      // Each update reads the record unlocked, then waits on its row lock to write it: the first
      // writes the version all of them read, the others find it moved on and are written again.
      await gate.hold('SELECT 1 FROM record WHERE id = $1 FOR UPDATE', [deal.id]);
      const pending = changes.map((change) =>
        send(api().patch(`/api/objects/deal/${deal.id}`).set(organization.headers).send(change)),
      );
      await gate.waitForWaiters(changes.length, () => pending.some((p) => p.hasAnswered()));
      await gate.release();
      const statuses = (await Promise.all(pending.map((p) => p.response))).map((r) => r.status);
      expect(statuses).toEqual([200, 200, 200, 200]);
    } finally {
      await gate.close();
    }
    const stored = await api().get(`/api/objects/deal/${deal.id}`).set(organization.headers);
    expect(stored.body).toMatchObject(Object.assign({}, ...changes));
    expect(stored.headers.etag).toBe('"5"');
    const events = await eventsOf(deal.id);
    expect(events.map((e) => e.record_version)).toEqual([1, 2, 3, 4, 5]);
    // Each `updated` event holds its own change only, against the record it found.
    const changed = events
      .slice(1)
      .flatMap((e) => Object.keys((e.data as { changes: object }).changes))
      .sort();
    expect(changed).toEqual(['competitor', 'description', 'name', 'next_step']);
  });

  it('writes no update under a definition removed between its read and its write', async () => {
    await registerCustomObject(testApp, organization, {
      name: 'ticket',
      labels: { singular: 'Ticket', plural: 'Tickets' },
      primary_display_property: 'title',
      properties: [{ name: 'title', type: 'text', label: 'Title' }],
    });
    const ticket = await createRecord(testApp, organization, 'ticket', { title: 'Before' });
    const gate = await LockGate.open(testApp);
    try {
      // The update's statement holds the definition FOR SHARE: it waits here, then finds the
      // object gone, and the write is redone with what the database says now.
      await gate.hold(
        `UPDATE object_definition SET archived_at = now(), version = version + 1
          WHERE organization_id = $1 AND name = 'ticket'`,
        [organization.id],
      );
      const pending = send(
        api()
          .patch(`/api/objects/ticket/${ticket.id}`)
          .set(organization.headers)
          .send({ title: 'After' }),
      );
      await gate.waitForWaiters(1, pending.hasAnswered);
      await gate.release();
      const response = await pending.response;
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'DEFINITION_NOT_FOUND' });
    } finally {
      await gate.close();
    }
    const [stored] = await testApp.dataSource.query(
      'SELECT properties, version FROM record WHERE id = $1',
      [ticket.id],
    );
    expect(stored).toEqual({ properties: { title: 'Before' }, version: 1 });
    expect((await eventsOf(ticket.id)).map((e) => e.type)).toEqual(['created']);
  });

  describe('the change feed', () => {
    it('reads in commit order and never skips an event committed after a later one', async () => {
      const feed = testApp.app.get(EventFeedService);
      const company = await createRecord(testApp, organization, 'company', aCompany());
      const start = await readSettled(
        () => feed.readAfter({ organizationId: organization.id, limit: 1000 }),
        (page) => page.events.length > 0,
      );
      expect(start.events.map((e) => e.record_id)).toEqual([company.id]);

      // The earlier transaction takes its xid first but commits last.
      const early = testApp.dataSource.createQueryRunner();
      const late = testApp.dataSource.createQueryRunner();
      await early.connect();
      await late.connect();
      const insert = (runner: typeof early, label: string) =>
        runner.query(
          `INSERT INTO event (organization_id, type, actor, source, data)
           VALUES ($1, 'comment', 'system', 'system', $2::jsonb)`,
          [organization.id, JSON.stringify({ text: label })],
        );
      try {
        await early.startTransaction();
        await insert(early, 'early');
        await late.startTransaction();
        await insert(late, 'late');
        await late.commitTransaction();
        // The late one committed, but the early one is still open: nothing is handed out yet.
        const waiting = await feed.readAfter({
          organizationId: organization.id,
          after: start.next,
        });
        expect(waiting.events).toEqual([]);
        expect(waiting.next).toBe(start.next);
        await early.commitTransaction();
      } finally {
        await early.release();
        await late.release();
      }
      const after = await readSettled(
        () => feed.readAfter({ organizationId: organization.id, after: start.next }),
        (page) => page.events.length >= 2,
      );
      expect(after.events.map((e) => e.data.text)).toEqual(['early', 'late']);
      const end = await feed.readAfter({ organizationId: organization.id, after: after.next });
      expect(end.events).toEqual([]);
    });

    it('reads whole only the events of the organizations a reader wants, and passes the others', async () => {
      const feed = testApp.app.get(EventFeedService);
      const other = await testApp.createOrganization();
      // A page's positions, then the events of the organizations `wanted` keeps, whole.
      const readFor = async (after: string | null, wanted: (ids: string[]) => string[]) => {
        const page = await feed.readPositions({ after, limit: 1000 });
        const organizationIds = wanted(page.organizationIds);
        const events =
          page.next && organizationIds.length > 0
            ? await feed.readBetween({ after, through: page.next, organizationIds })
            : [];
        return { events, read: page.read, next: page.next ?? after };
      };
      // To the feed's end first (other suites write to the same database).
      let start: string | null = null;
      for (;;) {
        const page = await readFor(start, () => []);
        expect(page.events).toEqual([]);
        start = page.next;
        if (page.read < 1000) break;
      }
      const deal = await createRecord(testApp, organization, 'deal', aDeal());
      const company = await createRecord(testApp, other, 'company', aCompany());
      const offered: string[] = [];
      let read = 0;
      const events: FeedPage['events'] = [];
      let after = start;
      // Until both creates were passed (each page can hold other suites' events too).
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const page = await readFor(after, (organizationIds) => {
          offered.push(...organizationIds);
          return organizationIds.filter((id) => id === organization.id);
        });
        read += page.read;
        events.push(...page.events);
        after = page.next;
        if (offered.includes(other.id) && events.some((e) => e.record_id === deal.id)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(offered).toEqual(expect.arrayContaining([organization.id, other.id]));
      expect(events.map((e) => [e.organization_id, e.record_id, e.type])).toEqual([
        [organization.id, deal.id, 'created'],
      ]);
      expect(events[0]?.data).toMatchObject({ properties: { name: deal.name } });
      // The other organization's event was passed, counted, and not read.
      expect(read).toBeGreaterThanOrEqual(2);
      const rest = await readFor(after, (ids) => ids);
      expect(rest.events.map((e) => e.record_id)).not.toContain(company.id);
    });

    it('pages through the organization’s events over HTTP, for admins only', async () => {
      for (let i = 0; i < 3; i++) {
        await createRecord(testApp, organization, 'company', aCompany());
      }
      const feed = testApp.app.get(EventFeedService);
      await readSettled(
        () => feed.readAfter({ organizationId: organization.id }),
        (page) => page.events.length === 3,
      );
      const first = await api()
        .get('/api/events')
        .query({ limit: 2 })
        .set(organization.headers)
        .expect(200);
      expect(first.body.events).toHaveLength(2);
      const second = await api()
        .get('/api/events')
        .query({ limit: 2, after: first.body.next as string })
        .set(organization.headers)
        .expect(200);
      expect(second.body.events).toHaveLength(1);
      const ids = [...first.body.events, ...second.body.events].map((e: { id: string }) => e.id);
      expect(new Set(ids).size).toBe(3);
      const member = await organization.as('member');
      expect((await api().get('/api/events').set(member)).status).toBe(403);
      expect(
        (await api().get('/api/events').query({ after: 'nonsense' }).set(organization.headers))
          .status,
      ).toBe(400);
    });
  });
});
