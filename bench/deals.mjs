// Realistic deals for the query benchmark, the same for a given index on every run (a seeded
// PRNG), loaded through the bulk path (POST /api/objects/deal/batch, 1,000 per request).
import { apiHeaders, log } from './support.mjs';

export const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
export const BATCH_SIZE = 1000;

const CURRENCIES = ['USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY'];
const PIPELINES = ['sales', 'sales', 'sales', 'itad_services', 'partner', 'renewals'];
const DEAL_TYPES = ['new_business', 'existing_business', 'renewal', 'upsell'];
const PRIORITIES = ['low', 'medium', 'medium', 'high'];
const LEAD_SOURCES = ['website', 'referral', 'cold_call', 'event', 'partner', 'advertising'];
const COMPANY_HEADS = (
  'Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Gringotts ' +
  'Wonka Oscorp Nakatomi Virtucon Monarch Prestige Sterling Blue Northwind Contoso Fabrikam ' +
  'Adventure Litware Proseware Tailspin Wingtip Alpine Coho Lucerne Margie Trey Fourth Humongous'
).split(' ');
const COMPANY_TAILS = (
  'Logistics Systems Foods Industries Health Energy Labs Partners Holdings Retail Media ' +
  'Capital Robotics Analytics Pharma Motors Airlines Insurance Telecom Construction'
).split(' ');
const PRODUCTS = (
  'server refresh|laptop fleet|data center decommission|cloud migration|support contract|' +
  'network upgrade|storage expansion|security audit|asset recovery|licence true-up|' +
  'managed services|desktop rollout|backup appliance|e-waste pickup|IT disposal'
).split('|');
// Ordered roughly by how often they occur (Zipf): the head is common, the tail rare.
const WORDS = (
  'the client needs new hardware before quarter end and wants pricing for support budget ' +
  'approved meeting next week with procurement team renewal contract terms discount ' +
  'decision maker champion legal review security questionnaire pilot rollout timeline ' +
  'competitor incumbent proposal sent follow call demo scheduled stakeholders finance ' +
  'director signed verbal commitment risk delay migration servers laptops storage network ' +
  'warehouse pickup recycling certificate destruction audit compliance sustainability ' +
  'refurbished resale value logistics shipping pallets inventory serial numbers wiping ' +
  'certified erasure reporting dashboard integration onboarding training invoice payment ' +
  'net thirty upfront quarterly annual multi year expansion upsell cross sell region ' +
  'europe america asia pacific headquarters branch offices retail stores hospital school ' +
  'university bank insurer manufacturer airline telecom utility government agency tender ' +
  'framework agreement purchase order statement work scope change request escalation ' +
  'executive sponsor board approval freeze headcount reduction merger acquisition ' +
  'relocation consolidation datacenter colocation hyperscale edge devices tablets phones ' +
  'monitors printers switches routers firewalls racks cabling batteries chargers docks ' +
  'peripherals keyboards displays projectors kiosks terminals scanners handhelds drones ' +
  'sensors cameras badges lockers carts trolleys forklifts conveyor sorter gateway ' +
  'appliance mainframe tape library disk array blade chassis hypervisor container ' +
  'kubernetes observability backup disaster recovery failover latency throughput capacity ' +
  'forecast pipeline commit upside closed slipped pushed stalled revived urgent strategic ' +
  'flagship referenceable testimonial case study partner reseller distributor marketplace ' +
  'aurora basalt cobalt dorado ember fjord glacier harbor indigo juniper kestrel lagoon ' +
  'meridian nebula obsidian paragon quartz rosewood sapphire tundra umber vermilion ' +
  'willow xenon yarrow zephyr'
).split(' ');

function cumulativeZipf(count) {
  const weights = Array.from({ length: count }, (_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
}
const WORD_CDF = cumulativeZipf(WORDS.length);

/** Words of middle frequency (each in roughly 2–4% of deals): the full-text queries. */
export const SEARCH_WORDS = WORDS.slice(100, 300).filter((_, i) => i % 20 === 0);

/** mulberry32: a tiny, good-enough PRNG; the same seed gives the same deal. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfWord(next) {
  const u = next();
  let low = 0;
  let high = WORD_CDF.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (WORD_CDF[middle] < u) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return WORDS[low];
}

const pick = (next, list) => list[Math.floor(next() * list.length)];
const DAY_MS = 86_400_000;
const FIRST_CLOSE = Date.UTC(2018, 0, 1);
const CLOSE_SPAN_DAYS = 13 * 365;

/** Deal number `index`: name, amount (a decimal string), stage, a close date in 2018–2030 … */
export function deal(index, extra = {}) {
  const next = random(index * 2654435761 + 1);
  const company = `${pick(next, COMPANY_HEADS)} ${pick(next, COMPANY_TAILS)}`;
  const pipeline = pick(next, PIPELINES);
  // The renewals pipeline has no lead or proposal stage (object-definitions/deal.json).
  const stage = renewalStage(pipeline, pick(next, STAGES));
  const words = Array.from({ length: 12 + Math.floor(next() * 30) }, () => zipfWord(next));
  const closeDate = new Date(FIRST_CLOSE + Math.floor(next() * CLOSE_SPAN_DAYS) * DAY_MS);
  return {
    name: `${company} – ${pick(next, PRODUCTS)} #${index}`,
    amount: (Math.round(next() * next() * 250_000_00) / 100).toFixed(2),
    currency: pick(next, CURRENCIES),
    stage,
    close_date: closeDate.toISOString().slice(0, 10),
    probability: stage === 'won' ? 100 : stage === 'lost' ? 0 : Math.round(next() * 95),
    pipeline,
    deal_type: pick(next, DEAL_TYPES),
    priority: pick(next, PRIORITIES),
    lead_source: pick(next, LEAD_SOURCES),
    description: `${words.join(' ')}.`,
    ...(stage === 'lost' ? { lost_reason: pick(next, LOST_REASONS) } : {}),
    ...extra,
  };
}

const LOST_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'timing'];

function renewalStage(pipeline, stage) {
  if (pipeline !== 'renewals') {
    return stage;
  }
  return stage === 'lead' ? 'qualified' : stage === 'proposal' ? 'negotiation' : stage;
}

/**
 * Deals are loaded in every stage at once, as an import of history would: the bench's admin key
 * gets an override that lets it create a deal in any stage (README "Pipelines": `from: ["*"]`),
 * added through the data-model API. Moves are still checked as always, so the write path does
 * the same work per record. A server without transitions is left as it is.
 */
export async function allowHistoryImport(base) {
  const url = `${base}/api/object-definitions/deal/properties`;
  const properties = await (await fetch(url, { headers: apiHeaders() })).json();
  const stage = properties.find((p) => p.name === 'stage');
  if (!stage?.transitions) {
    return;
  }
  const withImport = (transitions, states) =>
    (transitions.overrides ?? []).some((o) => o.from.includes('*'))
      ? transitions
      : {
          ...transitions,
          overrides: [
            ...(transitions.overrides ?? []),
            { from: ['*'], to: states, roles: ['admin', 'owner'] },
          ],
        };
  const body = {
    transitions: withImport(
      stage.transitions,
      stage.options.map((o) => o.value),
    ),
    ...(stage.pipelines
      ? {
          pipelines: {
            ...stage.pipelines,
            items: stage.pipelines.items.map((item) =>
              item.transitions
                ? {
                    ...item,
                    transitions: withImport(
                      item.transitions,
                      item.stages.map((s) => s.value),
                    ),
                  }
                : item,
            ),
          },
        }
      : {}),
  };
  const response = await fetch(`${url}/stage`, {
    method: 'PATCH',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (response.status !== 200) {
    throw new Error(
      `allowing the import of closed deals answered ${response.status}: ${await response.text()}`,
    );
  }
}

export function dealBatch(firstIndex, size, extra) {
  return Array.from({ length: size }, (_, i) => deal(firstIndex + i, extra));
}

async function postBatch(base, records) {
  const response = await fetch(`${base}/api/objects/deal/batch`, {
    method: 'POST',
    headers: apiHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(records),
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`batch create answered ${response.status}: ${await response.text()}`);
  }
  await response.arrayBuffer();
}

/**
 * Loads deals `from`…`to - 1` through the bulk path with `parallel` requests in flight, printing
 * progress; returns the load rate in records/s.
 */
export async function seedDeals(base, { from, to, parallel }) {
  const total = to - from;
  let nextIndex = from;
  let done = 0;
  const started = Date.now();
  let lastReport = started;
  const report = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = done / seconds;
    const eta = rate > 0 ? Math.round((total - done) / rate) : NaN;
    log(
      `  ${(from + done).toLocaleString('en')} / ${to.toLocaleString('en')} deals  ` +
        `${Math.round(rate).toLocaleString('en')} records/s  ETA ${eta} s`,
    );
  };
  const worker = async () => {
    while (nextIndex < to) {
      const first = nextIndex;
      const size = Math.min(BATCH_SIZE, to - first);
      nextIndex += size;
      await postBatch(base, dealBatch(first, size));
      done += size;
      if (Date.now() - lastReport >= 5000) {
        lastReport = Date.now();
        report();
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  report();
  return total / ((Date.now() - started) / 1000);
}
