import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import type { PaperPortfolioRecord } from '../../db/repos/paper-portfolios';
import type { PaperResult } from '../../paper/service';
import type { BacktestView } from '../../paper/backtest-curve';
import { paperRecord } from '../../paper/graduation';
import { paperCreateSchema } from '../../paper/schemas';
import { checkDegradation } from '../../paper/degradation';
import { paperBacktestWindowSchema, paperDetailSchema as sharedPaperDetailSchema, paperStepSchema, paperSummarySchema as sharedPaperSummarySchema, type PaperDetail, type PaperSummary } from '@coinlab/shared';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id'), 409: json(errorSchema, 'Not in a state that allows it'), 503: json(errorSchema, 'Paper trading unavailable') };
const tags = ['paper'];
const iso = (ms: number) => new Date(ms).toISOString();

// The response shapes are the shared API contract (shared/src/api/paper.ts), re-made from their
// shapes with @hono/zod-openapi's zod (the shared ones are built before it adds `.openapi`) so
// that the document names them and shows the detail as the summary extended by its own fields.
export const paperSummarySchema = z.object(sharedPaperSummarySchema.shape).openapi('PaperPortfolio');
const summaryKeys = Object.fromEntries(Object.keys(sharedPaperSummarySchema.shape).map((k) => [k, true])) as { [K in keyof typeof sharedPaperSummarySchema.shape]: true };
const backtestWindowSchema = z.object(paperBacktestWindowSchema.shape).openapi('PaperBacktestWindow');
export const paperDetailSchema = paperSummarySchema
  .extend({ ...sharedPaperDetailSchema.omit(summaryKeys).shape, backtestWindow: backtestWindowSchema.nullable() })
  .openapi('PaperPortfolioDetail');
type Summary = PaperSummary;
type Detail = PaperDetail;

const one = z.object({ portfolio: paperDetailSchema });
const stepSchema = z.object({ step: paperStepSchema, portfolio: paperDetailSchema });

const listRoute = createRoute({ method: 'get', path: '/paper', tags, responses: { 200: json(z.object({ portfolios: z.array(paperSummarySchema) }), 'Paper portfolios'), ...errors } });
const createRouteDef = createRoute({ method: 'post', path: '/paper', tags, request: { body: json(paperCreateSchema, 'A promoted model (graph version) put on paper') }, responses: { 201: json(one, 'Created (trades only bars from its start on)'), ...errors } });
const getRoute = createRoute({ method: 'get', path: '/paper/{id}', tags, request: { params: idParam }, responses: { 200: json(one, 'Equity curve, trades, stats and graduation'), ...errors } });
const pauseRoute = createRoute({ method: 'post', path: '/paper/{id}/pause', tags, request: { params: idParam }, responses: { 200: json(one, 'Paused'), ...errors } });
const resumeRoute = createRoute({ method: 'post', path: '/paper/{id}/resume', tags, request: { params: idParam }, responses: { 200: json(one, 'Resumed (bars stored while paused are traded at the next step)'), ...errors } });
const stopRoute = createRoute({ method: 'post', path: '/paper/{id}/stop', tags, request: { params: idParam }, responses: { 200: json(one, 'Stopped for good (the record stays)'), ...errors } });
const stepRoute = createRoute({ method: 'post', path: '/paper/{id}/step', tags, request: { params: idParam }, responses: { 200: json(stepSchema, 'Stepped now: a run fired for new bars and read into the books (or why not)'), ...errors } });
const deleteRoute = createRoute({ method: 'delete', path: '/paper/{id}', tags, request: { params: idParam }, responses: { 204: { description: 'Deleted' }, ...errors } });

export function summarize(p: PaperPortfolioRecord, backtestView: BacktestView | null): { summary: Summary; detail: Detail } {
  const backtest = backtestView?.stats ?? null;
  const record = paperRecord(p.books, p.criteria);
  const coins = Object.entries(p.books.coins);
  const bars = coins.reduce((n, [, c]) => n + c.book.ts.length, 0);
  const last = record.equity.ts[record.equity.ts.length - 1];
  const summary: Summary = {
    id: p.id,
    name: p.name,
    graphId: p.graphId,
    graphVersion: p.graphVersion,
    nodeId: p.nodeId,
    coins: p.coins,
    start: iso(p.startTs),
    status: p.status,
    rules: { ...p.books.rules, direction: p.books.direction },
    criteria: p.criteria,
    bars,
    lastBar: last === undefined ? null : iso(last),
    equity: record.equity.equity[record.equity.equity.length - 1] ?? 1,
    stats: record.stats,
    graduation: { ready: p.graduationReadyAt !== null, readyAt: p.graduationReadyAt?.toISOString() ?? null, days: record.days, checks: record.checks },
    degradation: degradationView(p, record.stats),
    inSampleSkipped: coins.reduce((n, [, c]) => n + c.inSampleSkipped, 0),
    backtest,
    lastRunId: p.lastRunId,
    pendingRunId: p.pendingRunId,
    lastStepAt: p.lastStepAt?.toISOString() ?? null,
    lastError: p.lastError,
    createdAt: p.createdAt.toISOString(),
  };
  const detail: Detail = {
    ...summary,
    equityCurve: record.equity.ts.map((t, i) => ({ ts: iso(t), equity: record.equity.equity[i]! })),
    coinBooks: coins.map(([coin, c]) => ({
      coin,
      position: c.book.position,
      equity: c.book.equity,
      bars: c.book.ts.length,
      inSampleSkipped: c.inSampleSkipped,
      curve: c.book.ts.map((t, i) => ({ ts: iso(t), equity: c.book.equityCurve[i]!, position: c.book.positions[i]! })),
    })),
    trades: coins.flatMap(([, c]) => c.book.trades).sort((a, b) => a.entryTs - b.entryTs || a.coin.localeCompare(b.coin)).map((t) => ({ ...t, entryTs: iso(t.entryTs), exitTs: iso(t.exitTs) })),
    backtestCurve: (backtestView?.curve ?? []).map((e) => ({ ts: iso(e.ts), equity: e.equity })),
    backtestWindow: backtestView?.window ? { from: iso(backtestView.window.fromTs), to: iso(backtestView.window.toTs), bars: backtestView.window.bars, stats: backtestView.window.stats } : null,
  };
  return { summary, detail };
}

function degradationView(p: PaperPortfolioRecord, stats: Record<string, number>): Summary['degradation'] {
  const check = checkDegradation(p.degradation, p.research, stats);
  const judged = check.state === 'ok' || check.state === 'degraded' ? check : null;
  return {
    rule: p.degradation,
    research: p.research ? { source: p.research.source, stats: p.research.stats } : null,
    state: check.state,
    why: check.state === 'waiting' ? check.why : null,
    researchValue: judged?.research ?? null,
    paperValue: judged?.paper ?? null,
    drop: judged?.drop ?? null,
    degradedAt: p.degradedAt?.toISOString() ?? null,
  };
}

/** Paper trading: list, create, get, pause, resume, stop, step now, delete. */
export function paperRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'paper trading is not available in this server');
  const view = async (p: PaperPortfolioRecord) => summarize(p, await deps.paper!.backtestView(p));
  const answer = async <S extends 200 | 201>(c: Context, r: PaperResult, status: S) => {
    if (!r.ok) {
      const code = r.status === 404 ? 'not_found' : r.status === 409 ? 'conflict' : 'invalid_request';
      return apiError(c, r.status, code, `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
    }
    return c.json({ portfolio: (await view(r.portfolio)).detail }, status);
  };
  const change = (c: Context, id: string, act: (id: string) => Promise<PaperResult>) => {
    if (!deps.paper) return unavailable(c);
    if (!isUuid(id)) return notFound(c, 'paper portfolio', id);
    return act(id).then((r) => answer(c, r, 200));
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      if (!deps.paper) return unavailable(c);
      return c.json({ portfolios: await Promise.all((await deps.paper.list(principalOf(c).userId)).map(async (p) => (await view(p)).summary)) }, 200);
    })
    .openapi(createRouteDef, async (c) => {
      if (!deps.paper) return unavailable(c);
      return answer(c, await deps.paper.create(principalOf(c).userId, c.req.valid('json')), 201);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.paper) return unavailable(c);
      const p = isUuid(id) ? await deps.paper.get(principalOf(c).userId, id) : undefined;
      return p ? c.json({ portfolio: (await view(p)).detail }, 200) : notFound(c, 'paper portfolio', id);
    })
    .openapi(pauseRoute, (c) => change(c, c.req.valid('param').id, (id) => deps.paper!.pause(principalOf(c).userId, id)))
    .openapi(resumeRoute, (c) => change(c, c.req.valid('param').id, (id) => deps.paper!.resume(principalOf(c).userId, id)))
    .openapi(stopRoute, (c) => change(c, c.req.valid('param').id, (id) => deps.paper!.stop(principalOf(c).userId, id)))
    .openapi(stepRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.paper) return unavailable(c);
      if (!isUuid(id) || !(await deps.paper.get(principalOf(c).userId, id))) return notFound(c, 'paper portfolio', id);
      const step = await deps.paper.step(id, { wait: true });
      const p = await deps.paper.get(principalOf(c).userId, id);
      if (!p) return notFound(c, 'paper portfolio', id);
      return c.json(
        {
          step: { kind: step.kind, runId: 'runId' in step && step.runId ? step.runId : null, bars: step.kind === 'applied' ? step.bars : null, reason: step.kind === 'run-failed' ? step.reason : null },
          portfolio: (await view(p)).detail,
        },
        200,
      );
    })
    .openapi(deleteRoute, async (c) => {
      const { id } = c.req.valid('param');
      if (!deps.paper) return unavailable(c);
      if (!isUuid(id) || !(await deps.paper.delete(principalOf(c).userId, id))) return notFound(c, 'paper portfolio', id);
      return c.body(null, 204);
    });
}
