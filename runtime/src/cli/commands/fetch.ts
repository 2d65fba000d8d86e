import { parseArgs } from 'node:util';
import { fetchResultSchema, zodProblems } from '@coinlab/shared';
import { fetchRequestSchema, type FetchRequest } from '../../data-refresh/schemas';
import type { FetchOutcome } from '../../data-refresh/service';
import type { PairFetchResult } from '../../data-refresh/fetch-pair';
import { CliExit, EXIT, UsageError } from '../exit-codes';
import { EXCHANGES } from '../../data-refresh/exchange';
import { openCliTarget } from '../open-runtime';
import { ApiError, type ServerApi } from '../remote/server-api';
import { FETCH_HELP } from './fetch-help';
import { openApiCall, problemLines } from '../api-call';



export async function fetchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { pair: { type: 'string', multiple: true }, exchange: { type: 'string' }, timeframe: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean' }, every: { type: 'string' }, timezone: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; pairs are given with --pair ETH/BTC\n\n${FETCH_HELP}`);
  const parsed = fetchRequestSchema.safeParse({
    exchange: values.exchange ?? 'binance',
    pairs: values.pair ?? [],
    ...(values.timeframe !== undefined ? { timeframe: values.timeframe } : {}),
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(values.until !== undefined ? { until: values.until } : {}),
  });
  if (values.every !== undefined) return scheduleRefresh(values);
  if (!parsed.success) {
    for (const p of zodProblems(parsed.error)) process.stderr.write(`${optionOf(p.path)}: ${p.message}\n`);
    process.stderr.write('nothing was fetched\n');
    return EXIT.invalid;
  }
  const target = await openCliTarget();
  let outcome: FetchOutcome;
  if (target.kind === 'remote') outcome = await fetchThroughServer(target.server, parsed.data);
  else {
    try {
      outcome = await target.runtime.dataRefresh.fetch(parsed.data);
    } finally {
      await target.runtime.close();
    }
  }
  if (!outcome.ok) {
    process.stderr.write(`coinlab: ${optionOf(outcome.path)}: ${outcome.message}\n`);
    return outcome.status === 400 ? EXIT.invalid : EXIT.unavailable;
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ exchange: outcome.exchange, timeframe: outcome.timeframe, pairs: outcome.pairs }, null, 2)}\n`);
  else for (const r of outcome.pairs) process.stdout.write(`${pairLine(r)}\n`);
  return outcome.pairs.every((r) => r.complete) ? EXIT.ok : EXIT.runFailed;
}

/** `--every CRON`: a refresh schedule instead of a fetch now (same checks, through the schedules API). */
async function scheduleRefresh(values: { pair?: string[] | undefined; exchange?: string | undefined; timeframe?: string | undefined; since?: string | undefined; until?: string | undefined; every?: string | undefined; timezone?: string | undefined; name?: string | undefined }): Promise<number> {
  if (values.since !== undefined || values.until !== undefined) {
    process.stderr.write(`coinlab: --${values.since !== undefined ? 'since' : 'until'}: a refresh schedule always continues from the last stored bar; fetch a window once without --every\n`);
    return EXIT.invalid;
  }
  const pairs = values.pair ?? [];
  const body = {
    name: values.name ?? `refresh ${pairs.join(', ')}`,
    cron: values.every,
    ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
    refresh: { exchange: values.exchange ?? 'binance', pairs, ...(values.timeframe !== undefined ? { timeframe: values.timeframe } : {}) },
  };
  const api = await openApiCall();
  let answer;
  try {
    answer = await api.call('POST', '/schedules', body);
  } finally {
    await api.close();
  }
  if (answer.status >= 400) {
    for (const l of problemLines(answer.body)) {
      const [path = '', ...msg] = l.split(': ');
      const option = path === 'cron' ? '--every' : path === 'timezone' ? '--timezone' : path === 'name' ? '--name' : optionOf(path.replace(/^refresh\./, ''));
      process.stderr.write(`coinlab: ${option}: ${msg.join(': ')}\n`);
    }
    process.stderr.write('no schedule was created\n');
    return answer.status === 503 ? EXIT.unavailable : EXIT.invalid;
  }
  const s = (answer.body as { schedule: { id: string; name: string; cron: string; timezone: string; nextFireAt: string | null } }).schedule;
  process.stdout.write(`refresh schedule ${s.id} "${s.name}": ${s.cron} (${s.timezone}), next at ${s.nextFireAt ?? 'never'}\n`);
  return EXIT.ok;
}

/** "pairs[1]" is the second --pair on the command line. */
function optionOf(path: string): string {
  const m = path.match(/^pairs\[(\d+)\]$/);
  if (m) return `--pair #${Number(m[1]) + 1}`;
  return path === '(root)' ? 'options' : path === 'pairs' ? '--pair' : `--${path}`;
}

function pairLine(r: PairFetchResult): string {
  const gaps = r.gaps.length ? `; ${r.gaps.length} gap(s), ${r.gaps.reduce((n, g) => n + g.bars, 0)} bars missing (first at ${new Date(r.gaps[0]!.from).toISOString()})` : '';
  const end = r.complete ? '' : `; STOPPED: ${r.error} (what was stored stays; run again to resume)`;
  return `${r.pair} → ${r.coin}: ${r.received} bars from ${r.from} — ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged; last bar ${r.lastTs ?? 'none'} (${r.requests} requests, ${r.retries} retries)${gaps}${end}`;
}

/** The same fetch through the API of the server that holds the data folder. */
async function fetchThroughServer(server: ServerApi, req: FetchRequest): Promise<FetchOutcome> {
  try {
    const r = await server.request('/data/fetch', fetchResultSchema, { method: 'POST', body: JSON.stringify(req), contentType: 'application/json' });
    // The contract names the exchange as text; this CLI knows the same exchanges as its server.
    const exchange = EXCHANGES.find((e) => e === r.exchange);
    if (!exchange) throw new CliExit(EXIT.unavailable, `the server at ${server.url} fetched from "${r.exchange}", an exchange this CLI does not know (${EXCHANGES.join(', ')})`);
    return { ok: true, ...r, exchange };
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 503)) throw err;
    const p = err.problem.problems?.[0];
    return { ok: false, status: err.status, path: p?.path ?? '(root)', message: p?.message ?? err.message };
  }
}
