import { type DataProvider, fetchUtils, HttpError } from 'ra-core';
import simpleRestProvider from 'ra-data-simple-rest';
import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

type Data = Record<string, unknown> & { id: string };

/**
 * react-admin's documented recipe for a bearer token: fetchJson with `user.token`, here the
 * organization owner's API key (it names the organization too).
 */
function providerFor(baseUrl: string, organization: TestOrganization): DataProvider {
  const httpClient = (url: string, options: fetchUtils.Options = {}) =>
    fetchUtils.fetchJson(url, {
      ...options,
      user: { authenticated: true, token: organization.headers.Authorization },
    });
  return simpleRestProvider(`${baseUrl}/api/objects`, httpClient);
}

const ids = (records: Array<{ id: unknown }>): unknown[] => records.map((record) => record.id);

/**
 * The reference-property view of to-one associations, driven through the unmodified
 * ra-data-simple-rest: what <ReferenceField>, <ReferenceManyField> and <ReferenceInput> send.
 */
describe('ra-data-simple-rest against reference properties', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let provider: DataProvider;

  beforeAll(async () => {
    testApp = await startTestApp();
    baseUrl = await testApp.listen();
  });

  beforeEach(async () => {
    provider = providerFor(baseUrl, await testApp.createOrganization());
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function create(resource: string, data: Record<string, unknown>): Promise<Data> {
    return (await provider.create(resource, { data })).data as Data;
  }

  async function companyWithDeals(): Promise<{ acme: Data; globex: Data; deals: Data[] }> {
    const acme = await create('company', { name: 'Acme' });
    const globex = await create('company', { name: 'Globex' });
    const deals: Data[] = [];
    for (let i = 1; i <= 5; i++) {
      const company = i % 2 === 1 ? acme : globex;
      deals.push(
        await create('deal', { name: `Deal ${i}`, amount: `${i * 9}.00`, company_id: company.id }),
      );
    }
    return { acme, globex, deals };
  }

  it('create with company_id links the deal, and getOne reads the link back', async () => {
    const acme = await create('company', { name: 'Acme' });
    const deal = await create('deal', { name: 'Big one', company_id: acme.id });
    expect(deal).toMatchObject({ name: 'Big one', company_id: acme.id });
    const { data: read } = await provider.getOne('deal', { id: deal.id });
    expect(read).toEqual(deal);
    const { data: referenced } = await provider.getMany('company', { ids: [deal.company_id] });
    expect(ids(referenced)).toEqual([acme.id]);
  });

  it('getManyReference lists the deals of a company (ReferenceManyField), paged and sorted', async () => {
    const { acme, deals } = await companyWithDeals();
    const result = await provider.getManyReference('deal', {
      target: 'company_id',
      id: acme.id,
      pagination: { page: 1, perPage: 2 },
      sort: { field: 'amount', order: 'DESC' },
      filter: {},
    });
    expect(result.total).toBe(3);
    expect(ids(result.data)).toEqual([deals[4]!.id, deals[2]!.id]);
    result.data.forEach((deal) => expect(deal).toMatchObject({ company_id: acme.id }));
    const secondPage = await provider.getManyReference('deal', {
      target: 'company_id',
      id: acme.id,
      pagination: { page: 2, perPage: 2 },
      sort: { field: 'amount', order: 'DESC' },
      filter: {},
    });
    expect(ids(secondPage.data)).toEqual([deals[0]!.id]);
  });

  it('getManyReference combines the target with a filter, and is empty for another id', async () => {
    const { globex, deals } = await companyWithDeals();
    const filtered = await provider.getManyReference('deal', {
      target: 'company_id',
      id: globex.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'DESC' },
      filter: { amount_gte: 30 },
    });
    expect(ids(filtered.data)).toEqual([deals[3]!.id]);
    const lonely = await create('company', { name: 'Initech' });
    const none = await provider.getManyReference('deal', {
      target: 'company_id',
      id: lonely.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'DESC' },
      filter: {},
    });
    expect(none).toEqual({ data: [], total: 0 });
  });

  it('getManyReference works for any to-one side: the employees of a company', async () => {
    const acme = await create('company', { name: 'Acme' });
    const ann = await create('person', { email: 'ann@example.com', employer_id: acme.id });
    await create('person', { email: 'bob@example.com' });
    const result = await provider.getManyReference('person', {
      target: 'employer_id',
      id: acme.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'created_at', order: 'ASC' },
      filter: {},
    });
    expect(result).toEqual({ data: [ann], total: 1 });
  });

  it('update moves the deal to another company: the edit form sends the whole record', async () => {
    const { acme, globex, deals } = await companyWithDeals();
    const previous = deals[0]!;
    const { data } = await provider.update('deal', {
      id: previous.id,
      data: { ...previous, company_id: globex.id },
      previousData: previous,
    });
    expect(data).toEqual({ ...previous, company_id: globex.id, updated_at: expect.any(String) });
    const ofAcme = await provider.getManyReference('deal', {
      target: 'company_id',
      id: acme.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'created_at', order: 'ASC' },
      filter: {},
    });
    expect(ids(ofAcme.data)).toEqual([deals[2]!.id, deals[4]!.id]);
  });

  it('update with company_id null clears the link; updateMany sets it on every id', async () => {
    const { acme, globex, deals } = await companyWithDeals();
    const { data } = await provider.update('deal', {
      id: deals[0]!.id,
      data: { ...deals[0]!, company_id: null },
      previousData: deals[0]!,
    });
    expect(data).toMatchObject({ company_id: null });
    const wanted = [deals[1]!.id, deals[2]!.id];
    await provider.updateMany('deal', { ids: wanted, data: { company_id: acme.id } });
    const { data: read } = await provider.getMany('deal', { ids: wanted });
    read.forEach((deal) => expect(deal).toMatchObject({ company_id: acme.id }));
    const ofGlobex = await provider.getList('deal', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'created_at', order: 'ASC' },
      filter: { company_id: globex.id },
    });
    expect(ids(ofGlobex.data)).toEqual([deals[3]!.id]);
  });

  it('an unknown company_id surfaces as an HttpError whose body.errors names the field', async () => {
    const failure: unknown = await provider
      .create('deal', {
        data: { name: 'Orphan', company_id: '00000000-0000-4000-8000-000000000000' },
      })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: { company_id: 'no company with this id' } },
    });
  });
});
