import { parseArgs } from 'node:util';
import { formatCount, formatPercent, formatRatio, paperBacktestWindowSchema, type PaperDetail, type PaperSummary } from '@coinlab/shared';
import { EXIT, UsageError } from '../exit-codes';
import { openApiCall, problemLines, type ApiAnswer } from '../api-call';
import { PAPER_HELP } from './paper-help';

// The answers' shapes are the shared contract's (shared/src/api/paper.ts); the window is read
// (parsed) apart, so an answer without it still prints the rest.
type PaperView = PaperSummary & Partial<Pick<PaperDetail, 'trades'>> & { backtestWindow?: unknown };
type Check = PaperSummary['graduation']['checks']['minDays'];

/** The backtest the paper record is compared against: its window and stats (parsed with the shared contract). */
function backtestLine(raw: unknown): string {
  const w = paperBacktestWindowSchema.nullable().optional().safeParse(raw);
  if (!w.success) return '  backtest: unreadable answer';
  if (!w.data) return '  backtest: none yet (no run read)';
  const s = w.data.stats;
  return `  backtest ${w.data.from} .. ${w.data.to}  ${formatCount(w.data.bars)} bars  return ${pct(s.totalReturn ?? 0)}  Sharpe ${formatRatio(s.sharpe ?? 0)}  trades ${formatCount(s.trades ?? 0)}`;
}

// The shared rule per kind of quantity, as in the report and the inspector.
const pct = (x: number) => formatPercent(x);
const line = (p: PaperView) =>
  `${p.id}  ${p.name}  graph ${p.graphId} v${p.graphVersion}  ${p.status}  coins ${p.coins.join(',')}  ${formatCount(p.bars)} bars  equity ${formatRatio(p.equity)}  trades ${formatCount(p.stats.trades ?? 0)}  ${p.graduation.ready ? `GRADUATION-READY since ${p.graduation.readyAt}` : 'not graduation-ready'}`;
const details = (p: PaperView) => {
  const c = p.graduation.checks;
  const check = (name: string, x: Check, fmt: (n: number) => string) => `  ${x.met ? 'ok  ' : 'not '} ${name}: ${fmt(x.have)} (need ${fmt(x.need)})`;
  return [
    line(p),
    `  last bar ${p.lastBar ?? 'none'}  return ${pct(p.stats.totalReturn ?? 0)}  Sharpe ${formatRatio(p.stats.sharpe ?? 0)}  max drawdown ${pct(p.stats.maxDrawdown ?? 0)}`,
    backtestLine(p.backtestWindow),
    check('days', c.minDays, (n) => n.toFixed(2)),
    check('trades', c.minTrades, String),
    check('Sharpe', c.minSharpe, (n) => formatRatio(n)),
    ...(p.lastError ? [`  last error: ${p.lastError}`] : []),
    ...(p.trades ?? []).map((t) => `  trade ${t.coin} ${t.entryTs} -> ${t.exitTs} ${pct(t.returnPct)}`),
  ].join('\n');
};

const number = (v: string | undefined, option: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${option} must be a number, not "${v}"`);
  return n;
};

/** The options of `coinlab paper`; a malformed one (e.g. a missing value) is a usage error (exit 2). */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        graph: { type: 'string' },
        name: { type: 'string' },
        version: { type: 'string' },
        node: { type: 'string' },
        coin: { type: 'string', multiple: true },
        start: { type: 'string' },
        'min-days': { type: 'string' },
        'min-trades': { type: 'string' },
        'min-sharpe': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${PAPER_HELP}`);
  }
}

/** `coinlab paper [list|show|start|step|stop]`: paper portfolios, through the same API as HTTP. */
export async function paperCommand(args: string[]): Promise<number> {
  const [sub = 'list', ...rest] = args;
  const { values, positionals } = parseOptions(rest);
  let request: { method: 'GET' | 'POST'; path: string; body?: unknown };
  if (sub === 'list') request = { method: 'GET', path: '/paper' };
  else if (sub === 'start') {
    if (!values.graph || !values.name) throw new UsageError(`coinlab paper start needs --graph ID and --name NAME\n\n${PAPER_HELP}`);
    const version = number(values.version, '--version');
    const minDays = number(values['min-days'], '--min-days');
    const minTrades = number(values['min-trades'], '--min-trades');
    const minSharpe = number(values['min-sharpe'], '--min-sharpe');
    const criteria = { ...(minDays !== undefined ? { minDays } : {}), ...(minTrades !== undefined ? { minTrades } : {}), ...(minSharpe !== undefined ? { minSharpe } : {}) };
    request = {
      method: 'POST',
      path: '/paper',
      body: {
        name: values.name,
        graphId: values.graph,
        ...(version !== undefined ? { graphVersion: version } : {}),
        ...(values.node ? { nodeId: values.node } : {}),
        ...(values.coin ? { coins: values.coin } : {}),
        ...(values.start ? { start: values.start } : {}),
        ...(Object.keys(criteria).length ? { criteria } : {}),
      },
    };
  } else if (sub === 'show' || sub === 'step' || sub === 'stop') {
    const id = positionals[0];
    if (!id) throw new UsageError(`coinlab paper ${sub} needs the portfolio's id\n\n${PAPER_HELP}`);
    request = sub === 'show' ? { method: 'GET', path: `/paper/${encodeURIComponent(id)}` } : { method: 'POST', path: `/paper/${encodeURIComponent(id)}/${sub}` };
  } else throw new UsageError(`unknown subcommand "${sub}"\n\n${PAPER_HELP}`);

  const api = await openApiCall();
  let answer: ApiAnswer;
  try {
    answer = await api.call(request.method, request.path, request.body);
  } finally {
    await api.close();
  }
  if (answer.status >= 400) {
    // Option names for the API's field names.
    const option = (l: string) =>
      l
        .replace(/^graphId:/, '--graph:')
        .replace(/^graphVersion:/, '--version:')
        .replace(/^nodeId:/, '--node:')
        .replace(/^coins(\[\d+\])?:/, '--coin$1:')
        .replace(/^criteria\.minDays:/, '--min-days:')
        .replace(/^criteria\.minTrades:/, '--min-trades:')
        .replace(/^criteria\.minSharpe:/, '--min-sharpe:')
        .replace(/^(name|start):/, '--$1:');
    for (const l of problemLines(answer.body)) process.stderr.write(`coinlab: ${option(l)}\n`);
    return answer.status === 404 || answer.status === 400 || answer.status === 409 ? EXIT.invalid : EXIT.unavailable;
  }
  const body = answer.body as { portfolios?: PaperView[]; portfolio?: PaperView; step?: { kind: string; bars: number | null; reason: string | null } };
  if (values.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else if (body.portfolios) process.stdout.write(body.portfolios.length ? `${body.portfolios.map(line).join('\n')}\n` : 'no paper portfolios\n');
  else if (body.portfolio) {
    if (body.step) process.stdout.write(`step: ${body.step.kind}${body.step.bars !== null ? ` (${body.step.bars} bars)` : ''}${body.step.reason ? `: ${body.step.reason}` : ''}\n`);
    process.stdout.write(`${sub === 'show' ? details(body.portfolio) : line(body.portfolio)}\n`);
  }
  return EXIT.ok;
}
