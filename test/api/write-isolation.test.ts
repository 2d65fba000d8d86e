import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { loadLlmConfig } from '../../runtime/src/llm';
import { testDatabases } from '../support/db';
import { waitChain } from '../support/graphs';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { answer, isAwaiting, LAB_FILES, type Awaiting } from '../support/lab';

// Issue 8, item 1: text the database refuses (a lone UTF-16 surrogate, NUL) or a write that
// fails for one run (a duplicate key) must affect that run at most — never the other runs of
// the same write batch, and never the runs that come later in the process.

// NUL in names and triggers is refused with a 400 (issue 8, item 7); where it can still come
// in (an LLM reply, a node's message) it is replaced like a lone surrogate.
const LONE = 'odd \uD800 text \uDFFF end !';
const CLEANED = 'odd \uFFFD text \uFFFD end !';

describe.each(testDatabases())('one bad write affects only its own run ($name database)', (target) => {
  let llm: OpenAiTestServer;
  let s: TestServer;
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    s = await startTestServer(target, {
      llmConfig: loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', LLM_RETRY_BASE_DELAY_MS: '20', LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' }),
    });
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => {
    await s?.close();
    await llm?.close();
  });
  afterEach(async () => {
    // Whatever the case did, an ordinary run afterwards succeeds and is stored completely.
    const { status, live, stored } = await runToEnd({ document: waitChain(2, 0) });
    expect(status).toBe('succeeded');
    expect(stored).toEqual(live);
  });

  async function start(body: unknown): Promise<string> {
    const res = await s.api('/runs', { method: 'POST', json: body });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { runId: string }).runId;
  }
  async function finish(runId: string) {
    const w = await watchRun(s.url, runId, 0);
    await w.until(isFinal, 60_000);
    w.close();
    await s.runtime.manager.eventsStored();
    const run = (await (await s.api(`/runs/${runId}`)).json()) as { run: { status: string; error: string | null; trigger: string } };
    const stored = ((await (await s.api(`/runs/${runId}/events?after=0&limit=1000`)).json()) as { events: RunEvent[] }).events;
    return { runId, status: run.run.status, error: run.run.error, trigger: run.run.trigger, live: w.events, stored };
  }
  const runToEnd = async (body: unknown) => finish(await start(body));

  it('stores a run whose trigger holds lone surrogates, with the characters replaced', async () => {
    const r = await runToEnd({ document: waitChain(2, 0), trigger: LONE });
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect(r.stored).toHaveLength(r.live.length);
    expect(r.trigger).toBe(CLEANED);
  });

  it('saves and runs a graph whose name holds a lone surrogate', async () => {
    const doc = { ...waitChain(2, 0), name: `graph ${LONE}` };
    const created = await s.api('/graphs', { method: 'POST', json: { document: doc } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { graph } = (await created.json()) as { graph: { id: string; name: string } };
    expect(graph.name).toBe(`graph ${CLEANED}`);
    const saved = (await (await s.api(`/graphs/${graph.id}`)).json()) as { document: { name: string } };
    expect(saved.document.name).toBe(`graph ${CLEANED}`);
    const r = await runToEnd({ graphId: graph.id });
    expect(r.status, r.error ?? '').toBe('succeeded');
    const direct = await runToEnd({ document: doc });
    expect(direct.status, direct.error ?? '').toBe('succeeded');
  });

  it('stores an LLM reply holding a lone surrogate', async () => {
    llm.enqueue({ text: `The answer: ${LONE} and NUL \u0000 too`, usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const r = await runToEnd({ document: { version: 2, name: 'agent', nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'Say something odd', maxIterations: 2 } }], edges: [] } });
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect(r.stored).toHaveLength(r.live.length);
    expect(JSON.stringify(r.stored)).toContain(`The answer: ${CLEANED} and NUL \uFFFD too`);
    const usage = (await (await s.api(`/runs/${r.runId}/llm-usage`)).json()) as { usage: { calls: unknown[] } };
    expect(usage.usage.calls).toHaveLength(1);
  });

  it('a duplicate key on run_events fails only the run it belongs to; the other runs of the batch keep every event', async () => {
    // The victim waits at an approval gate, so where its events stand is known while the row is planted.
    const victim = await start({
      document: {
        version: 2,
        name: 'gated victim',
        nodes: [
          { id: 'w0', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 } },
          { id: 'gate', type: 'approval.gate', typeVersion: 1, params: { mode: 'required' } },
          { id: 'w1', type: 'utility.wait', typeVersion: 1, params: { seconds: 0.25 } },
        ],
        edges: [
          { source: { node: 'w0', port: 'value' }, target: { node: 'gate', port: 'value' } },
          { source: { node: 'gate', port: 'value' }, target: { node: 'w1', port: 'value' } },
        ],
      },
    });
    const w = await watchRun(s.url, victim, 0);
    const awaiting = (await w.until(isAwaiting)) as Awaiting;
    w.close();
    await s.runtime.manager.eventsStored();
    // The row the victim's next event will collide with (as a second writer of the run would).
    const last = await s.runtime.store.kysely.selectFrom('run_events').select((eb) => eb.fn.max('seq').as('seq')).where('run_id', '=', victim).executeTakeFirstOrThrow();
    const seq = Number(last.seq) + 1;
    await s.runtime.store.kysely
      .insertInto('run_events')
      .values({ run_id: victim, seq, kind: 'node.log', node_id: null, payload: JSON.stringify({ kind: 'node.log', runId: victim, seq, ts: 0, nodeId: 'x', level: 'info', message: 'planted' }) })
      .execute();
    // Other runs writing at the same time as the victim's answer is stored.
    const others = await Promise.all([start({ document: waitChain(4, 0.25) }), start({ document: waitChain(4, 0.25) })]);
    expect((await answer(s, victim, awaiting.request.interactionId, { decision: 'approve' })).status).toBe(200);
    const [v, ...rest] = await Promise.all([finish(victim), ...others.map(finish)]);
    expect(v!.status).toBe('failed');
    expect(v!.error).toMatch(/could not store.*duplicate key/i);
    for (const o of rest) {
      expect(o.status, o.error ?? '').toBe('succeeded');
      expect(o.stored).toEqual(o.live);
    }
  });
});
