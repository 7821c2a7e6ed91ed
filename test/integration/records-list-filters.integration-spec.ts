import { createRecords, listRecords, totalOf, type WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

const INJECTION = "'; DROP TABLE record; --";

describe('GET /api/objects/:object filters', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
    org = await testApp.createOrganization();
    await createRecords(testApp, org, 'deal', [
      {
        name: 'Acme renewal',
        stage: 'won',
        amount: '1000.00',
        close_date: '2026-03-01',
        closed_at: null,
        probability: 100,
        next_step: 'Send the 100% discount_code',
      },
      // A lost deal needs its reason; `closed_at: null` keeps the stamp off (README "Pipelines").
      {
        name: 'Beta pilot',
        stage: 'lost',
        amount: 250,
        close_date: '2026-01-15',
        probability: 0,
        lost_reason: 'price',
        closed_at: null,
      },
      {
        name: 'Gamma expansion',
        stage: 'won',
        amount: '99.99',
        close_date: '2026-01-20',
        closed_at: null,
        probability: 90,
        description: 'An ACME subsidiary',
      },
      { name: 'Delta trial', stage: 'lead' },
      { name: 'Epsilon 50% off', stage: 'proposal', amount: 500 },
    ]);
    await createRecords(testApp, org, 'person', [
      { email: 'ada@example.com', first_name: 'Ada', roles: ['prospect', 'reseller'] },
      { email: 'bob@example.com', first_name: 'Bob', roles: ['sales_customer'] },
      { email: 'cy@example.com', first_name: 'Cy' },
    ]);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The names (or emails) of what the filter lists, sorted, and checks the total agrees. */
  async function matching(object: string, filter: unknown): Promise<string[]> {
    const response = await listRecords(testApp, org, object, { filter }).expect(200);
    const key = object === 'person' ? 'email' : 'name';
    const found = (response.body as WireRecord[]).map((record) => String(record[key])).sort();
    expect(totalOf(response)).toBe(found.length);
    return found;
  }

  describe('equality', () => {
    it('lists the records whose enumeration equals the value', async () => {
      expect(await matching('deal', { stage: 'won' })).toEqual(['Acme renewal', 'Gamma expansion']);
    });

    it('treats an array as any of its values', async () => {
      expect(await matching('deal', { stage: ['won', 'lost'] })).toEqual([
        'Acme renewal',
        'Beta pilot',
        'Gamma expansion',
      ]);
    });

    it('compares currency amounts as numbers, whether stored or asked as strings or numbers', async () => {
      expect(await matching('deal', { amount: '250.00' })).toEqual(['Beta pilot']);
      expect(await matching('deal', { amount: 1000 })).toEqual(['Acme renewal']);
    });

    it('matches a date', async () => {
      expect(await matching('deal', { close_date: '2026-01-15' })).toEqual(['Beta pilot']);
    });

    it('combines several filters with AND', async () => {
      expect(await matching('deal', { stage: 'won', probability: 90 })).toEqual([
        'Gamma expansion',
      ]);
    });

    it('lists a multi-enumeration record when it has any of the values', async () => {
      expect(await matching('person', { roles: 'reseller' })).toEqual(['ada@example.com']);
      expect(await matching('person', { roles: ['reseller', 'sales_customer'] })).toEqual([
        'ada@example.com',
        'bob@example.com',
      ]);
    });

    it('treats a value that looks like SQL as a value that matches nothing', async () => {
      expect(await matching('deal', { name: INJECTION })).toEqual([]);
      expect(await matching('deal', { name_contains: INJECTION })).toEqual([]);
      expect(await matching('deal', { q: INJECTION })).toEqual([]);
      expect(await matching('deal', {})).toHaveLength(5);
    });
  });

  describe('suffix operators', () => {
    it('_neq lists records with another value or none', async () => {
      expect(await matching('deal', { stage_neq: 'won' })).toEqual([
        'Beta pilot',
        'Delta trial',
        'Epsilon 50% off',
      ]);
      expect(await matching('person', { roles_neq: 'prospect' })).toEqual([
        'bob@example.com',
        'cy@example.com',
      ]);
    });

    it('_in lists records with any of the values', async () => {
      expect(await matching('deal', { stage_in: ['lead', 'proposal'] })).toEqual([
        'Delta trial',
        'Epsilon 50% off',
      ]);
    });

    it('_nin lists records with none of the values', async () => {
      expect(await matching('deal', { stage_nin: ['won', 'lost'] })).toEqual([
        'Delta trial',
        'Epsilon 50% off',
      ]);
    });

    it('_gte and _lt compare currency amounts numerically', async () => {
      expect(await matching('deal', { amount_gte: 250 })).toEqual([
        'Acme renewal',
        'Beta pilot',
        'Epsilon 50% off',
      ]);
      expect(await matching('deal', { amount_lt: '250' })).toEqual(['Gamma expansion']);
    });

    it('_gt and _lte bound a range together', async () => {
      expect(await matching('deal', { amount_gt: '99.99', amount_lte: 500 })).toEqual([
        'Beta pilot',
        'Epsilon 50% off',
      ]);
    });

    it('compares dates and percents by order', async () => {
      expect(await matching('deal', { close_date_gt: '2026-01-31' })).toEqual(['Acme renewal']);
      expect(await matching('deal', { probability_gte: 90 })).toEqual([
        'Acme renewal',
        'Gamma expansion',
      ]);
    });

    it('_exists tells records with the property from those without', async () => {
      expect(await matching('deal', { amount_exists: false })).toEqual(['Delta trial']);
      expect(await matching('deal', { close_date_exists: true })).toEqual([
        'Acme renewal',
        'Beta pilot',
        'Gamma expansion',
      ]);
    });

    it('_contains finds text ignoring letter case', async () => {
      expect(await matching('deal', { name_contains: 'PILOT' })).toEqual(['Beta pilot']);
    });

    it('_contains finds text with % and _ taken literally', async () => {
      expect(await matching('deal', { name_contains: '%' })).toEqual(['Epsilon 50% off']);
      expect(await matching('deal', { next_step_contains: 'discount_code' })).toEqual([
        'Acme renewal',
      ]);
      expect(await matching('deal', { next_step_contains: 'discount-code' })).toEqual([]);
    });

    it('_contains on a multi-enumeration lists records holding the value', async () => {
      expect(await matching('person', { roles_contains: 'prospect' })).toEqual(['ada@example.com']);
    });
  });

  describe('q (search)', () => {
    it('matches the display name ignoring letter case', async () => {
      expect(await matching('deal', { q: 'BETA' })).toEqual(['Beta pilot']);
      expect(await matching('person', { q: 'ADA@EXAMPLE' })).toEqual(['ada@example.com']);
    });

    it('matches any text property, not only the display name', async () => {
      expect(await matching('deal', { q: 'acme' })).toEqual(['Acme renewal', 'Gamma expansion']);
      expect(await matching('person', { q: 'bob' })).toEqual(['bob@example.com']);
    });

    it('ignores punctuation: % and _ are neither wildcards nor words', async () => {
      expect(await matching('deal', { q: '%' })).toEqual([]);
      expect(await matching('deal', { q: '_' })).toEqual([]);
      expect(await matching('deal', { q: '50%' })).toEqual(['Epsilon 50% off']);
      expect(await matching('deal', { q: '100% discount_code' })).toEqual(['Acme renewal']);
      expect(await matching('deal', { q: 'discount%code' })).toEqual(['Acme renewal']);
    });

    it('ignores an empty or blank search', async () => {
      expect(await matching('deal', { q: '  ' })).toHaveLength(5);
    });

    it('combines with other filters', async () => {
      expect(await matching('deal', { q: 'acme', probability: 100 })).toEqual(['Acme renewal']);
    });
  });

  it('pages a filtered list with the filtered total in Content-Range', async () => {
    const response = await listRecords(testApp, org, 'deal', {
      filter: { stage_neq: 'won' },
      sort: ['name', 'ASC'],
      range: [0, 1],
    }).expect(200);
    expect(response.headers['content-range']).toBe('deal 0-1/3');
    expect((response.body as WireRecord[]).map((deal) => deal.name)).toEqual([
      'Beta pilot',
      'Delta trial',
    ]);
  });
});
