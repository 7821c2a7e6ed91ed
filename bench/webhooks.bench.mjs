// Webhook delivery throughput (issue 14: keep up with 500 events/s to a local receiver). Starts
// the real server (its worker runs as with `npm start`), subscribes a local node:http receiver to
// every event, creates N deals through the batch API (one `created` event each) and measures how
// fast the signed deliveries arrive. Usage:
//   npm run bench:webhooks -- --events 20000 --batch 500
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { apiHeaders, log, parseArgs, printTable, startDatabase, startServer } from './support.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');

const { events, batch, verifyEvery } = parseArgs({ events: 20_000, batch: 500, verifyEvery: 50 });

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

const database = await startDatabase();
const server = await startServer(database.url);
const receiver = await startReceiver();
try {
  const subscription = await api(server.base, 'POST', '/api/webhooks', {
    url: receiver.url,
    event_types: ['created'],
    objects: ['deal'],
    description: 'bench',
  });
  receiver.state.secret = subscription.secret;
  log(`Creating ${events.toLocaleString()} deals in batches of ${batch} (one created event each)…`);
  const started = performance.now();
  for (let done = 0; done < events; done += batch) {
    const size = Math.min(batch, events - done);
    const records = Array.from({ length: size }, (_, i) => ({
      name: `Webhook bench ${done + i}`,
      amount: '10.00',
    }));
    await api(server.base, 'POST', '/api/objects/deal/batch', { records });
  }
  const created = performance.now();
  const deadline = Date.now() + 600_000;
  while (receiver.state.ids.size < events && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 50));
  }
  const { state } = receiver;
  const seconds = (state.last - state.first) / 1000;
  printTable('Webhook delivery to a local receiver (target: at least 500 events/s)', [
    {
      events: events.toLocaleString(),
      'created in': `${((created - started) / 1000).toFixed(1)} s`,
      'created/s': Math.round(events / ((created - started) / 1000)).toLocaleString(),
      delivered: state.ids.size.toLocaleString(),
      'first → last delivery': `${seconds.toFixed(1)} s`,
      'delivered/s': Math.round(state.ids.size / seconds).toLocaleString(),
      'last delivery after last create': `${((state.last - created) / 1000).toFixed(1)} s`,
      duplicates: state.received - state.ids.size,
      'bad signatures': `${state.bad} of ${Math.floor(state.received / verifyEvery)} checked`,
    },
  ]);
  await api(server.base, 'DELETE', `/api/webhooks/${subscription.id}`);
} finally {
  receiver.close();
  await server.stop();
  await database.stop();
}
