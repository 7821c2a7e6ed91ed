// The query benchmark's verdicts and table rows: each scenario's medians against its target.

export function judge(result) {
  const { ours, raw, target } = result;
  if (!target) {
    return [];
  }
  const value = {
    p50: ours.median.p50,
    p95: ours.median.p95,
    rpsRatio: ours.median.rps / raw.median.rps,
    recordsPerSecond: ours.median.rps * 1000,
  }[target.metric];
  const isAtLeast = target.metric === 'rpsRatio' || target.metric === 'recordsPerSecond';
  const met = isAtLeast ? value >= target.limit : value <= target.limit;
  const checks = [{ text: target.text, met, value }];
  if (target.also) {
    checks.push({
      text: target.also.text,
      met: ours.median.p95 <= target.also.limit,
      value: ours.median.p95,
    });
  }
  return checks;
}

/** Requests per second: whole numbers, but a slow scenario's 0.4/s is not shown as 0. */
function rate(rps) {
  return rps < 10 ? rps.toFixed(2) : Math.round(rps).toLocaleString('en');
}

export function format(ms) {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en');
}

function cpuShown(ours, raw) {
  if (ours.serverCpuMs === undefined) {
    return '';
  }
  const pg = (ms) => (ms > 0 ? format(ms) : '?');
  return `${format(ours.serverCpuMs)} + ${pg(ours.databaseCpuMs)}; ${pg(raw.databaseCpuMs)}`;
}

export function tableRow(result) {
  const { ours, raw } = result;
  const checks = judge(result);
  const shown = (check) =>
    result.target.metric === 'rpsRatio'
      ? `${(check.value * 100).toFixed(0)}%`
      : result.target.metric === 'recordsPerSecond'
        ? `${Math.round(check.value).toLocaleString('en')} rec/s`
        : `${format(check.value)} ms`;
  return {
    scenario: result.label,
    matches: result.matches ?? '',
    'ours p50/p95/p99 ms': `${format(ours.median.p50)} / ${format(ours.median.p95)} / ${format(ours.median.p99)}`,
    'ours req/s': rate(ours.median.rps),
    'raw p50/p95/p99 ms': `${format(raw.median.p50)} / ${format(raw.median.p95)} / ${format(raw.median.p99)}`,
    'raw req/s': rate(raw.median.rps),
    'p50 ours/raw': (ours.median.p50 / raw.median.p50).toFixed(2),
    'req/s ours/raw': (ours.median.rps / raw.median.rps).toFixed(2),
    // CPU per request (medians): the server's processes and PostgreSQL's for ours, PostgreSQL's
    // for raw; where the machine's 2 cores are full, these bound the throughput.
    'CPU ms/req: ours server + PG; raw PG': cpuShown(ours.median, raw.median),
    target: checks.map((c) => c.text).join('; '),
    met: checks.map((c) => `${c.met ? 'yes' : 'NO'} (${shown(c)})`).join('; '),
  };
}
