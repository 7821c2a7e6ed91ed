import { startTestApp, type TestApp, type TestOrganization } from '../support/test-app';

describe('probe', () => {
  let testApp: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    testApp = await startTestApp();
    org = await testApp.createOrganization();
  });
  afterAll(async () => {
    await testApp.close();
  });
  it('probes', async () => {
    const out: unknown[] = [];
    const log = (label: string, r: { status: number; body: unknown; headers: Record<string, string> }) =>
      out.push([label, r.status, r.headers['content-type'], r.body]);
    const h = () => testApp.http();
    log('unknown org', await h().get('/api/objects/deal').set('X-Organization-Id', 'nope'));
    log('unknown org uuid', await h().get('/api/objects/deal').set('X-Organization-Id', '00000000-0000-4000-8000-000000000000'));
    log('malformed', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('{"name": '));
    log('array', await h().post('/api/objects/deal').set(org.headers).send([{ name: 'x' }]));
    log('string', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('"hello"'));
    log('null', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('null'));
    log('nobody', await h().post('/api/objects/deal').set(org.headers));
    log('text', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'text/plain').send('name=x'));
    log('nul', await h().post('/api/objects/deal').set(org.headers).send({ name: 'a\u0000b' }));
    log('nulkey', await h().post('/api/objects/deal').set(org.headers).send({ name: 'ab', 'x\u0000': 1 }));
    log('multi', await h().post('/api/objects/person').set(org.headers).send({ email: 'nope', lead_score: 1.5, foo: 1 }));
    log('dealmulti', await h().post('/api/objects/deal').set(org.headers).send({ amount: 1.234, foo: 1, probability: 101 }));
    log('dealmulti2', await h().post('/api/objects/deal').set(org.headers).send({ amount: '1.234', stage: 'x' }));
    log('huge', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('{"name":"x","probability":1e400}'));
    log('bigamount', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('{"name":"x","amount":1e400}'));
    log('proto', await h().post('/api/objects/deal').set(org.headers).set('Content-Type', 'application/json').send('{"name":"x","__proto__":{"a":1}}'));
    log('unknown obj', await h().get('/api/objects/nope').set(org.headers));
    log('unknown obj post', await h().post('/api/objects/nope').set(org.headers).send({}));
    log('badid', await h().get('/api/objects/deal/123').set(org.headers));
    log('badid put', await h().put('/api/objects/deal/123').set(org.headers).send({}));
    log('encoded', await h().get('/api/objects/deal/%E0%A4%A').set(org.headers));
    const p1 = await h().post('/api/objects/person').set(org.headers).send({ email: 'Ann@Example.com' });
    log('p1', p1);
    log('p2', await h().post('/api/objects/person').set(org.headers).send({ email: 'ann@example.com' }));
    log('p3', await h().post('/api/objects/person').set(org.headers).send({ email: ' ann@example.com' }));
    log('ws email', await h().post('/api/objects/person').set(org.headers).send({ email: 'bob@example.com ' }));
    log('filter', await h().get('/api/objects/deal').query({ filter: '{"id":["x"]}' }).set(org.headers));
    log('sort', await h().get('/api/objects/deal').query({ sort: '["nope","ASC"]' }).set(org.headers));
    log('range', await h().get('/api/objects/deal').query({ range: '[0' }).set(org.headers));
    log('dup', await h().get('/api/objects/deal?sort=a&sort=b').set(org.headers));
    log('date', await h().post('/api/objects/deal').set(org.headers).send({ name: 'x', close_date: '2026-02-30' }));
    log('dt', await h().post('/api/objects/deal').set(org.headers).send({ name: 'x', closed_at: '2026-01-01T10:00:00+25:00' }));
    log('inv', await h().post('/api/objects/invoice').set(org.headers).send({ number: 'A', line_items: [{ description: 'x', quantity: 1, unit_price: '1e5' }] }));
    require('fs').writeFileSync('/tmp/probe/out.json', JSON.stringify(out, null, 1));
  });
});
