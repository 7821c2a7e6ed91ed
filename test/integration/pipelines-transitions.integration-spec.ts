import { readSystemDefinitionFiles } from 'src/object-definitions/definition-files';
import type {
  ObjectDefinitionInput,
  PropertyDefinition,
  TransitionsDefinition,
} from 'src/object-definitions/definition.types';
import { pathTo } from 'src/object-definitions/status-transitions';
import { uniqueSuffix } from '../support/factories';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Body = Record<string, unknown>;

/** The least each system object with a state machine needs, plus what entering its states asks. */
const BODIES: Record<string, () => Body> = {
  deal: () => ({
    name: `Deal ${uniqueSuffix()}`,
    amount: '1000.00',
    close_date: '2026-06-30',
    lost_reason: 'price',
  }),
  proposal: () => ({ title: `Proposal ${uniqueSuffix()}` }),
  contract: () => ({ title: `Contract ${uniqueSuffix()}` }),
  engagement: () => ({ name: `Engagement ${uniqueSuffix()}` }),
  project: () => ({ name: `Project ${uniqueSuffix()}` }),
  milestone: () => ({ name: `Milestone ${uniqueSuffix()}` }),
  task: () => ({ title: `Task ${uniqueSuffix()}`, priority: 'medium' }),
  invoice: () => ({ number: `INV-${uniqueSuffix()}` }),
  bill: () => ({ bill_number: `B-${uniqueSuffix()}`, total: '50.00' }),
  order: () => ({ number: `ORD-${uniqueSuffix()}` }),
};

interface Machine {
  object: string;
  property: PropertyDefinition;
  transitions: TransitionsDefinition;
}

const MACHINES: Machine[] = readSystemDefinitionFiles().flatMap(({ content }) => {
  const definition = content as ObjectDefinitionInput;
  return definition.properties.flatMap((property) =>
    property.transitions
      ? [{ object: definition.name, property, transitions: property.transitions }]
      : [],
  );
});

describe('Transitions of the system objects (DOMAIN.md), on every write path', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let member: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    organization = await testApp.createOrganization();
    member = await organization.as('member');
    admin = await organization.as('admin');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const api = () => testApp.http();

  /** A new record moved along allowed moves to `state`; its id. */
  async function reach(machine: Machine, state: string, headers = member): Promise<string> {
    const path = pathTo(machine.transitions, state);
    if (!path) {
      throw new Error(`${machine.object}: ${state} is unreachable`);
    }
    const [first, ...rest] = path;
    const created = await api()
      .post(`/api/objects/${machine.object}`)
      .set(headers)
      .send({ ...BODIES[machine.object]?.(), [machine.property.name]: first });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    for (const next of rest) {
      await api()
        .patch(`/api/objects/${machine.object}/${id}`)
        .set(headers)
        .send({ [machine.property.name]: next })
        .expect(200);
    }
    return id;
  }

  it('covers every system object with a status in DOMAIN.md', () => {
    expect(MACHINES.map((m) => m.object).sort()).toEqual(Object.keys(BODIES).sort());
  });

  describe.each(MACHINES)('$object', (machine) => {
    const { object, property, transitions } = machine;
    const states = (property.options ?? []).map((o) => o.value);

    it('accepts each allowed move and stamps what entering the state stamps', async () => {
      for (const [from, targets] of Object.entries(transitions.moves)) {
        for (const to of targets) {
          const id = await reach(machine, from);
          const moved = await api()
            .patch(`/api/objects/${object}/${id}`)
            .set(member)
            .send({ [property.name]: to });
          expect({ from, to, status: moved.status }).toEqual({ from, to, status: 200 });
          const record = moved.body as Body;
          expect(record[property.name]).toBe(to);
          for (const stamped of transitions.on_enter?.[to]?.stamp ?? []) {
            expect(typeof record[stamped]).toBe('string');
          }
          // The move is in the timeline as its own event, beside the update.
          const [event] = await testApp.dataSource.query<Array<{ data: Body }>>(
            `SELECT data FROM event WHERE record_id = $1 AND type = 'status_changed'
              ORDER BY id DESC LIMIT 1`,
            [id],
          );
          expect(event?.data).toEqual({ property: property.name, old: from, new: to });
        }
      }
    });

    it('refuses moves the machine does not allow, naming the current, requested and allowed states', async () => {
      for (const from of states) {
        const allowed = transitions.moves[from] ?? [];
        const refused = states.find((s) => s !== from && !allowed.includes(s));
        if (refused === undefined) {
          continue;
        }
        const id = await reach(machine, from);
        const response = await api()
          .patch(`/api/objects/${object}/${id}`)
          .set(member)
          .send({ [property.name]: refused });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({
          code: 'TRANSITION_NOT_ALLOWED',
          details: { property: property.name, current: from, requested: refused, allowed },
        });
        const stored = await api().get(`/api/objects/${object}/${id}`).set(member).expect(200);
        expect((stored.body as Body)[property.name]).toBe(from);
      }
    });

    it('starts a new record only in an initial state, single or batch', async () => {
      const later = states.find((s) => !transitions.initial.includes(s)) as string;
      const single = await api()
        .post(`/api/objects/${object}`)
        .set(member)
        .send({ ...BODIES[object]?.(), [property.name]: later });
      expect(single.status).toBe(409);
      expect(single.body).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
        details: { current: null, requested: later, allowed: transitions.initial },
      });
      const batch = await api()
        .post(`/api/objects/${object}/batch`)
        .set(member)
        .send([BODIES[object]?.(), { ...BODIES[object]?.(), [property.name]: later }]);
      expect(batch.status).toBe(409);
      expect(batch.body).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
        errors: { [`1.${property.name}`]: expect.stringContaining('allowed initial states') },
        details: { failed_indexes: [1] },
      });
      const accepted = await api()
        .post(`/api/objects/${object}/batch`)
        .set(member)
        .send(
          transitions.initial.map((state) => ({ ...BODIES[object]?.(), [property.name]: state })),
        )
        .expect(201);
      expect((accepted.body as Body[]).map((r) => r[property.name])).toEqual(transitions.initial);
    });
  });

  describe('deal', () => {
    const deal = MACHINES.find((m) => m.object === 'deal') as Machine;

    it('asks for amount and close date to win, and a lost reason to lose (400 naming them)', async () => {
      const created = await api()
        .post('/api/objects/deal')
        .set(member)
        .send({ name: `Bare ${uniqueSuffix()}` })
        .expect(201);
      const id = (created.body as { id: string }).id;
      for (const stage of ['qualified', 'proposal', 'negotiation']) {
        await api().patch(`/api/objects/deal/${id}`).set(member).send({ stage }).expect(200);
      }
      const won = await api().patch(`/api/objects/deal/${id}`).set(member).send({ stage: 'won' });
      expect(won.status).toBe(400);
      expect(won.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: {
          amount: 'is required when stage is won',
          close_date: 'is required when stage is won',
        },
      });
      const lost = await api().patch(`/api/objects/deal/${id}`).set(member).send({ stage: 'lost' });
      expect(lost.body).toMatchObject({
        errors: { lost_reason: 'is required when stage is lost' },
      });
      const before = Date.now();
      const done = await api()
        .patch(`/api/objects/deal/${id}`)
        .set(member)
        .send({ stage: 'won', amount: '900.00', close_date: '2026-07-01' })
        .expect(200);
      const closedAt = Date.parse((done.body as { closed_at: string }).closed_at);
      expect(closedAt).toBeGreaterThanOrEqual(before - 1000);
    });

    it('keeps a stamped value the write sets itself', async () => {
      const id = await reach(deal, 'negotiation');
      const done = await api()
        .patch(`/api/objects/deal/${id}`)
        .set(member)
        .send({ stage: 'won', closed_at: '2026-01-02T03:04:05Z' })
        .expect(200);
      expect(done.body).toMatchObject({ closed_at: '2026-01-02T03:04:05Z' });
    });

    it('lets an admin reopen a won deal, not a member', async () => {
      const id = await reach(deal, 'won');
      const refused = await api()
        .patch(`/api/objects/deal/${id}`)
        .set(member)
        .send({ stage: 'negotiation' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ details: { current: 'won', allowed: [] } });
      await api()
        .patch(`/api/objects/deal/${id}`)
        .set(admin)
        .send({ stage: 'negotiation' })
        .expect(200);
      const skip = await api().patch(`/api/objects/deal/${id}`).set(admin).send({ stage: 'lead' });
      expect(skip.status).toBe(200);
    });
  });
});
