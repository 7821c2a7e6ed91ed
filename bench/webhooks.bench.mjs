// Webhook delivery throughput (issue 14: keep up with 500 events/s to a local receiver). Starts
// the real server (its worker runs as with `npm start`), subscribes a local node:http receiver to
// every event, and measures how fast the signed deliveries arrive: (1) a backlog of N `created`
// events made while no worker runs, drained by a server started with its worker; (2) N deals
// created through the batch API while the worker delivers. Usage:
//   npm run bench:webhooks -- --events 10000 --batch 500
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { apiHeaders, log, parseArgs, printTable, startDatabase, startServer } from './support.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');

const { events, batch, verifyEvery } = parseArgs({ events: 10_000, batch: 500, verifyEvery: 50 });

/** A receiver that answers 204 at once and checks every `verifyEvery`-th signature. */
async function startReceiver() {
  const state = { secret: undefined, received: 0, ids: new Set(), first: 0, last: 0, bad: 0 };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const now = performance.now();
      state.first ||= now;
      state.last = now;
      state.received++;
      const id = String(request.headers['webhook-id']);
      state.ids.add(id);
      if (state.secret && state.received % verifyEvery === 0) {
        try {
          new Webhook(state.secret).verify(Buffer.concat(chunks).toString('utf8'), request.headers);
        } catch {
          state.bad++;
        }
      }
      response.writeHead(204).end();
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    state,
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    close: () => server.close(),
  };
}

async function api(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: apiHeaders({ 'Content-Type': 'application/json' }),
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function createDeals(base, count, label) {
  const started = performance.now();
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done);
    const records = Array.from({ length: size }, (_, i) => ({
      name: `Webhook bench ${label} ${done + i}`,
      amount: '10.00',
    }));
    await api(base, 'POST', '/api/objects/deal/batch', { records });
  }
  return (performance.now() - started) / 1000;
}

async function waitForAll(state, wanted) {
  const deadline = Date.now() + 600_000;
  while (state.ids.size < wanted && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 20));
  }
}

const database = await startDatabase();
const receiver = await startReceiver();
const { state } = receiver;
const rows = [];
// 1. A backlog: the events are created while no process runs the worker, then a server with the
//    worker starts and drains them (fan-out and delivery at full speed).
process.env.PLINTH_WEBHOOK_WORKER = 'off';
let server = await startServer(database.url);
let subscription;
try {
  subscription = await api(server.base, 'POST', '/api/webhooks', {
    url: receiver.url,
    event_types: ['created'],
    objects: ['deal'],
    description: 'bench',
  });
  state.secret = subscription.secret;
  log(`Creating ${events.toLocaleString()} deals (worker off) in batches of ${batch}…`);
  await createDeals(server.base, events, 'backlog');
} finally {
  await server.stop();
}
delete process.env.PLINTH_WEBHOOK_WORKER;
server = await startServer(database.url);
try {
  const started = performance.now();
  await waitForAll(state, events);
  const seconds = (state.last - started) / 1000;
  rows.push({
    scenario: 'backlog drained (worker starts with N events waiting)',
    events: events.toLocaleString(),
    delivered: state.ids.size.toLocaleString(),
    seconds: seconds.toFixed(1),
    'delivered/s': Math.round(state.ids.size / seconds).toLocaleString(),
    'lag after last create': '—',
  });
  // 2. Live: events created while the worker delivers them.
  const before = state.ids.size;
  state.first = 0;
  log(`Creating ${events.toLocaleString()} deals (worker on) in batches of ${batch}…`);
  const createdStart = performance.now();
  const createSeconds = await createDeals(server.base, events, 'live');
  const createdEnd = performance.now();
  await waitForAll(state, before + events);
  const liveSeconds = (state.last - createdStart) / 1000;
  rows.push({
    scenario: `live (deals created at ${Math.round(events / createSeconds)}/s meanwhile)`,
    events: events.toLocaleString(),
    delivered: (state.ids.size - before).toLocaleString(),
    seconds: liveSeconds.toFixed(1),
    'delivered/s': Math.round((state.ids.size - before) / liveSeconds).toLocaleString(),
    'lag after last create': `${((state.last - createdEnd) / 1000).toFixed(1)} s`,
  });
  printTable('Webhook delivery to a local receiver (target: at least 500 events/s)', rows);
  log(
    `duplicates: ${state.received - state.ids.size}; bad signatures: ${state.bad} of ${Math.floor(state.received / verifyEvery)} checked`,
  );
  await api(server.base, 'DELETE', `/api/webhooks/${subscription.id}`);
} finally {
  receiver.close();
  await server.stop();
  await database.stop();
}
