import { createRecords, listRecords, totalOf, type WireRecord } from '../support/list-fixtures';
import { sharedTestApp, type TestApp, type TestOrganization } from '../support/test-app';

/**
 * `filter.q` on GET /api/objects/{object}: full text over the display name and the text-like
 * properties. Every word must match the start of some word, in any order, case and accents
 * ignored; punctuation is not a word; with no sort, the best match comes first.
 */
describe('GET /api/objects/:object full-text search (filter.q)', () => {
  let testApp: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    testApp = await sharedTestApp();
  });

  beforeEach(async () => {
    org = await testApp.createOrganization();
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** What `q` (and any other list parameters) lists, in the API's order; checks the total agrees. */
  async function search(
    object: string,
    q: string,
    params: { sort?: unknown; filter?: Record<string, unknown> } = {},
  ): Promise<WireRecord[]> {
    const response = await listRecords(testApp, org, object, {
      ...params,
      filter: { ...params.filter, q },
    }).expect(200);
    const found = response.body as WireRecord[];
    expect(totalOf(response)).toBe(found.length);
    return found;
  }

  /** The names of the companies `q` lists, sorted (the order is not what is tested). */
  async function companyNames(q: string): Promise<string[]> {
    return (await search('company', q)).map((company) => String(company.name)).sort();
  }

  async function personEmails(q: string): Promise<string[]> {
    return (await search('person', q)).map((person) => String(person.email)).sort();
  }

  describe('what is searched', () => {
    it('matches words of the display name and of text, long text and url properties', async () => {
      await createRecords(testApp, org, 'company', [
        {
          name: 'Northwind Traders',
          city: 'Lisbon',
          description: 'Ships pelicans worldwide',
          website: 'https://www.contoso-shop.com/catalog',
        },
        { name: 'Fabrikam' },
      ]);
      expect(await companyNames('northwind')).toEqual(['Northwind Traders']);
      expect(await companyNames('traders')).toEqual(['Northwind Traders']);
      expect(await companyNames('lisbon')).toEqual(['Northwind Traders']);
      expect(await companyNames('pelicans')).toEqual(['Northwind Traders']);
      expect(await companyNames('contoso')).toEqual(['Northwind Traders']);
      expect(await companyNames('catalog')).toEqual(['Northwind Traders']);
      expect(await companyNames('fabrikam')).toEqual(['Fabrikam']);
    });

    it('finds an email by its whole address, its local part or its domain', async () => {
      await createRecords(testApp, org, 'person', [
        { email: 'ann.lee@example.com', first_name: 'Ann' },
        { email: 'bob@sample.org', first_name: 'Bob' },
      ]);
      expect(await personEmails('example')).toEqual(['ann.lee@example.com']);
      expect(await personEmails('example.com')).toEqual(['ann.lee@example.com']);
      expect(await personEmails('ann.lee@example.com')).toEqual(['ann.lee@example.com']);
      expect(await personEmails('lee')).toEqual(['ann.lee@example.com']);
      expect(await personEmails('sample')).toEqual(['bob@sample.org']);
      expect(await personEmails('org')).toEqual(['bob@sample.org']);
    });

    it('does not search numbers, amounts or enumerations', async () => {
      await createRecords(testApp, org, 'company', [
        {
          name: 'Quiet Holdings',
          employee_count: 4242,
          annual_revenue: 777,
          founded_year: 1999,
          industry: 'logistics',
          company_size: 'enterprise',
        },
      ]);
      expect(await companyNames('quiet')).toEqual(['Quiet Holdings']);
      for (const q of ['4242', '777', '1999', 'logistics', 'enterprise']) {
        expect(await companyNames(q)).toEqual([]);
      }
    });
  });

  describe('how words match', () => {
    it('ignores case and accents, in the text and in the search alike', async () => {
      await createRecords(testApp, org, 'company', [
        { name: 'Crème Brûlée Café' },
        { name: 'Cafe Noir' },
        { name: 'TEA HOUSE' },
      ]);
      expect(await companyNames('creme brulee')).toEqual(['Crème Brûlée Café']);
      expect(await companyNames('CRÈME BRÛLÉE')).toEqual(['Crème Brûlée Café']);
      expect(await companyNames('CAFÉ')).toEqual(['Cafe Noir', 'Crème Brûlée Café']);
      expect(await companyNames('cafe')).toEqual(['Cafe Noir', 'Crème Brûlée Café']);
      expect(await companyNames('café noir')).toEqual(['Cafe Noir']);
      expect(await companyNames('tea house')).toEqual(['TEA HOUSE']);
    });

    it('matches a word by its beginning while it is being typed, not by a part inside it', async () => {
      await createRecords(testApp, org, 'company', [{ name: 'Acme' }, { name: 'Academy Films' }]);
      expect(await companyNames('a')).toEqual(['Academy Films', 'Acme']);
      expect(await companyNames('ac')).toEqual(['Academy Films', 'Acme']);
      expect(await companyNames('acm')).toEqual(['Acme']);
      expect(await companyNames('acme')).toEqual(['Acme']);
      expect(await companyNames('acmes')).toEqual([]);
      expect(await companyNames('cme')).toEqual([]);
      expect(await companyNames('films')).toEqual(['Academy Films']);
    });

    it('needs every word, in any order', async () => {
      await createRecords(testApp, org, 'company', [
        { name: 'Acme Rocket Sleds' },
        { name: 'Acme Banana Imports' },
        { name: 'Rocket Lab' },
      ]);
      expect(await companyNames('acme rocket')).toEqual(['Acme Rocket Sleds']);
      expect(await companyNames('sleds ACME')).toEqual(['Acme Rocket Sleds']);
      expect(await companyNames('rocket')).toEqual(['Acme Rocket Sleds', 'Rocket Lab']);
      expect(await companyNames('acme rocket banana')).toEqual([]);
      expect(await companyNames('acme acme')).toEqual(['Acme Banana Imports', 'Acme Rocket Sleds']);
    });

    it('combines with the other filters', async () => {
      await createRecords(testApp, org, 'company', [
        { name: 'Acme East', industry: 'retail' },
        { name: 'Acme West', industry: 'software' },
      ]);
      const found = await search('company', 'acme', { filter: { industry: 'software' } });
      expect(found.map((company) => company.name)).toEqual(['Acme West']);
    });
  });

  describe('order', () => {
    /** The better match is created first, so neither creation order nor the name ranks it first. */
    async function createRankedCompanies(): Promise<void> {
      await createRecords(testApp, org, 'company', [
        {
          name: 'Zeta Acme Acme',
          description: 'Acme parts for Acme machines, from Acme',
          city: 'Acme',
        },
        { name: 'Alpha Acme Travel' },
        { name: 'Beta Services' },
      ]);
    }

    it('lists the record that matches more, and better, first when no sort is given', async () => {
      await createRankedCompanies();
      const found = await search('company', 'acme');
      expect(found.map((company) => company.name)).toEqual(['Zeta Acme Acme', 'Alpha Acme Travel']);
    });

    it('pages the ranked list, best first', async () => {
      await createRankedCompanies();
      const response = await listRecords(testApp, org, 'company', {
        filter: { q: 'acme' },
        range: [0, 0],
      }).expect(200);
      expect(response.headers['content-range']).toBe('company 0-0/2');
      expect((response.body as WireRecord[]).map((company) => company.name)).toEqual([
        'Zeta Acme Acme',
      ]);
    });

    it.each<[string, [string, 'ASC' | 'DESC'], string[]]>([
      ['name ascending', ['name', 'ASC'], ['Alpha Acme Travel', 'Zeta Acme Acme']],
      ['name descending', ['name', 'DESC'], ['Zeta Acme Acme', 'Alpha Acme Travel']],
      ['creation, newest first', ['created_at', 'DESC'], ['Alpha Acme Travel', 'Zeta Acme Acme']],
    ])('follows an explicit sort (%s) over the ranking', async (_, sort, expected) => {
      await createRankedCompanies();
      const found = await search('company', 'acme', { sort });
      expect(found.map((company) => company.name)).toEqual(expected);
    });
  });

  describe('input that is not plain words', () => {
    it('answers an empty list with total 0, never an error, for a q of only punctuation', async () => {
      await createRecords(testApp, org, 'company', [{ name: 'Acme' }]);
      for (const q of ['%', '_', '!!!', '---', "'", '"', ':*', '& | !', '()', '<->', '*', '\\']) {
        const response = await listRecords(testApp, org, 'company', { filter: { q } });
        expect({ q, status: response.status, body: response.body }).toEqual({
          q,
          status: 200,
          body: [],
        });
        expect(totalOf(response)).toBe(0);
      }
    });

    it('takes tsquery and SQL syntax as plain words', async () => {
      await createRecords(testApp, org, 'company', [
        { name: 'Drop Table Records' },
        { name: 'Alpha Beta Charlie' },
        { name: 'Foobar' },
        { name: 'Bystander' },
      ]);
      expect(await companyNames("'; DROP TABLE record; --")).toEqual(['Drop Table Records']);
      expect(await companyNames('a & b | !c')).toEqual(['Alpha Beta Charlie']);
      expect(await companyNames('foo:*')).toEqual(['Foobar']);
      expect(await companyNames('foo:* & !bystander')).toEqual([]);
      expect(await companyNames("foo') OR true --")).toEqual([]);
      // The table is still there, with every record.
      expect(await companyNames('')).toHaveLength(4);
    });

    it('takes letters and digits of any script as words, never answering an error', async () => {
      await createRecords(testApp, org, 'company', [
        { name: 'Straße Motors' },
        { name: '東京 Trading' },
        { name: 'Acme' },
      ]);
      expect(await companyNames('strasse')).toEqual(['Straße Motors']);
      expect(await companyNames('STRAßE')).toEqual(['Straße Motors']);
      expect(await companyNames('東京')).toEqual(['東京 Trading']);
      for (const q of ['½', '¼ inch', 'Ⅻ', 'x²', 'ﬁle', '🙂']) {
        const response = await listRecords(testApp, org, 'company', { filter: { q } });
        expect({ q, status: response.status }).toEqual({ q, status: 200 });
      }
    });

    it('ignores punctuation between words', async () => {
      await createRecords(testApp, org, 'company', [{ name: 'Smith & Sons, Ltd.' }]);
      expect(await companyNames('smith-sons')).toEqual(['Smith & Sons, Ltd.']);
      expect(await companyNames('"sons"; (ltd)')).toEqual(['Smith & Sons, Ltd.']);
    });
  });

  describe('the search index follows writes', () => {
    it('forgets the old words and learns the new ones when a record is updated', async () => {
      const [company] = await createRecords(testApp, org, 'company', [
        { name: 'Oldname Widgets', description: 'Makes sprockets' },
      ]);
      const id = String(company?.id);
      await testApp
        .http()
        .patch(`/api/objects/company/${id}`)
        .set(org.headers)
        .send({ name: 'Newname Widgets' })
        .expect(200);
      expect(await companyNames('oldname')).toEqual([]);
      expect(await companyNames('newname')).toEqual(['Newname Widgets']);
      expect(await companyNames('widgets sprockets')).toEqual(['Newname Widgets']);
      await testApp
        .http()
        .patch(`/api/objects/company/${id}`)
        .set(org.headers)
        .send({ description: null })
        .expect(200);
      expect(await companyNames('sprockets')).toEqual([]);
    });

    it('covers records created through the bulk path', async () => {
      await testApp
        .http()
        .post('/api/objects/company/batch')
        .set(org.headers)
        .send([
          { name: 'Bulkhead Marine', website: 'https://zebra-boats.example' },
          { name: 'Bulkhead Café' },
          { name: 'Unrelated' },
        ])
        .expect(201);
      expect(await companyNames('bulkhead')).toEqual(['Bulkhead Café', 'Bulkhead Marine']);
      expect(await companyNames('zebra')).toEqual(['Bulkhead Marine']);
      expect(await companyNames('bulkhead cafe')).toEqual(['Bulkhead Café']);
    });
  });
});
