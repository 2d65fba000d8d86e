import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue, type RunEvent } from '@coinlab/shared';
import { testDatabases } from '../support/db';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, isGaplessFromOne, watchRun } from '../support/socket';
import { answer, gateGraph, isAwaiting, LAB_FILES, modelChoiceGraph, startRun } from '../support/lab';

type Snapshot = { run: { status: string; error: string | null; startedAt: string | null }; snapshot: { status: string; nodes: Record<string, { status: string; error: string | null; skipReason: string | null; awaiting: unknown }> } };

describe.each(testDatabases())('approval gates over HTTP + socket.io ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => s?.close());

  const getRun = async (server: TestServer, id: string) => (await (await server.api(`/runs/${id}`)).json()) as Snapshot;
  const outputs = async (server: TestServer, runId: string, nodeId: string) => {
    const res = await server.api(`/runs/${runId}/nodes/${nodeId}/outputs`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`outputs of ${nodeId}: ${res.status} ${text}`);
    return (decodeValue(text) as { outputs: Record<string, unknown> }).outputs;
  };

  it('approve: only the gate\'s branch waits, the answer resumes it, exactly once', async () => {
    const runId = await startRun(s, { document: gateGraph({ mode: 'required' }) });
    const w = await watchRun(s.url, runId, 0);
    const awaiting = (await w.until(isAwaiting)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    expect(awaiting.request).toMatchObject({ kind: 'approval', options: [{ value: 'approve' }, { value: 'reject' }], timeoutSeconds: null });
    // The other branch finishes while the gate waits.
    await w.until((e) => e.kind === 'node.succeeded' && e.nodeId === 'summary2');
    const waiting = await getRun(s, runId);
    expect(waiting.run.status).toBe('awaiting');
    expect(waiting.snapshot.nodes.gate).toMatchObject({ status: 'awaiting', awaiting: { interactionId: awaiting.request.interactionId } });
    expect(waiting.snapshot.nodes.summary?.status).toBe('queued');

    const id = awaiting.request.interactionId;
    const bad = await answer(s, runId, id, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/decision must be one of approve, reject/);
    // A body cannot claim who answers ("alice" is ignored): the answer is the signed-in owner's.
    expect((await answer(s, runId, id, { decision: 'approve', by: 'alice', reason: 'looks right' })).status).toBe(200);
    expect((await answer(s, runId, id, { decision: 'reject' })).status).toBe(409);
    const end = await w.until(isFinal);
    w.close();
    expect(end.kind).toBe('run.finished');
    expect(isGaplessFromOne(w.events)).toBe(true);
    expect(w.events.filter((e) => e.kind === 'node.resumed')).toHaveLength(1);
    expect(w.events.filter((e) => e.kind === 'run.awaiting')).toHaveLength(1);
    expect(w.events.filter((e) => e.kind === 'run.resumed')).toHaveLength(1);
    const out = await outputs(s, runId, 'gate');
    expect(out.decision).toMatchObject({ decision: 'approve', by: 'Owner', reason: 'looks right', mode: 'required' });
    expect((out.value as { kind: string }).kind).toBe('series');
  });

  it('reject: the branch stops with the reason (not a failure), the other branch still completes', async () => {
    const runId = await startRun(s, { document: gateGraph({ mode: 'required' }) });
    const w = await watchRun(s.url, runId, 0);
    const a = (await w.until(isAwaiting)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    expect((await answer(s, runId, a.request.interactionId, { decision: 'reject', reason: 'too risky' })).status).toBe(200);
    await w.until(isFinal);
    w.close();
    const run = await getRun(s, runId);
    expect(run.run.status).toBe('succeeded');
    expect(run.snapshot.nodes.gate).toMatchObject({ status: 'stopped', skipReason: 'rejected by Owner: too risky' });
    expect(run.snapshot.nodes.summary).toMatchObject({ status: 'skipped', skipReason: 'upstream node "gate" stopped the branch: rejected by Owner: too risky' });
    expect(['succeeded', 'cached']).toContain(run.snapshot.nodes.summary2?.status);
  });

  it.each([
    ['continue', 'succeeded'],
    ['stop', 'stopped'],
  ])('timeout with default action %s: the gate %s', async (defaultAction, gateStatus) => {
    const runId = await startRun(s, { document: gateGraph({ mode: 'required', timeoutSeconds: 1, defaultAction }) });
    const w = await watchRun(s.url, runId, 0);
    const a = (await w.until(isAwaiting)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    expect(a.request).toMatchObject({ timeoutSeconds: 1, defaultAction: defaultAction === 'continue' ? 'approve' : 'reject' });
    expect(a.request.expiresAt).toBeGreaterThan(Date.now() - 1000);
    await w.until(isFinal, 15_000);
    w.close();
    const run = await getRun(s, runId);
    expect(run.run.status).toBe('succeeded');
    expect(run.snapshot.nodes.gate?.status).toBe(gateStatus);
    if (gateStatus === 'succeeded') expect((await outputs(s, runId, 'gate')).decision).toMatchObject({ decision: 'approve', by: 'timeout' });
    else {
      expect(run.snapshot.nodes.gate?.skipReason).toBe('no answer within 1 s; the default action is stop');
      expect(run.snapshot.nodes.summary?.status).toBe('skipped');
    }
    // A late answer is refused: the timeout decided.
    expect((await answer(s, runId, a.request.interactionId, { decision: 'approve' })).status).toBe(409);
  });

  it('optional mode: silence means continue; automatic mode never pauses', async () => {
    const optional = await startRun(s, { document: gateGraph({ mode: 'optional', timeoutSeconds: 1 }) });
    const automatic = await startRun(s, { document: gateGraph({ mode: 'automatic' }) });
    const wo = await watchRun(s.url, optional, 0);
    const wa = await watchRun(s.url, automatic, 0);
    await wo.until(isFinal, 15_000);
    await wa.until(isFinal, 15_000);
    wo.close();
    wa.close();
    expect((await getRun(s, optional)).run.status).toBe('succeeded');
    expect(wo.events.some(isAwaiting)).toBe(true);
    expect((await getRun(s, automatic)).run.status).toBe('succeeded');
    expect(wa.events.some(isAwaiting)).toBe(false);
    expect((await outputs(s, automatic, 'gate')).decision).toMatchObject({ decision: 'approve', by: 'automatic' });
  });

  it('override: another model than recommended flows downstream, with the reason', async () => {
    const runId = await startRun(s, { document: modelChoiceGraph({ mode: 'required' }) });
    const w = await watchRun(s.url, runId, 0);
    const a = (await w.until(isAwaiting, 90_000)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    const ctx = a.request.context as { recommended: string; choices: string[]; markdown: string; rows: { model: string }[] };
    expect(a.request.allowOverride).toBe(true);
    expect(ctx.choices.sort()).toEqual(['logistic_regression', 'random_forest_classifier']);
    expect(ctx.markdown).toContain('(recommended)');
    const other = ctx.choices.find((c) => c !== ctx.recommended)!;
    const id = a.request.interactionId;
    expect((await answer(s, runId, id, { decision: 'override', value: 'svm' , reason: 'x' })).status).toBe(400);
    expect((await answer(s, runId, id, { decision: 'override', value: other })).status).toBe(400); // no reason
    expect((await answer(s, runId, id, { decision: 'override', value: other, reason: 'simpler to explain' })).status).toBe(200);
    await w.until(isFinal, 90_000);
    w.close();
    expect((await getRun(s, runId)).run.status).toBe('succeeded');
    const choice = await outputs(s, runId, 'approve_model');
    expect(choice.choice).toBe(other);
    expect(choice.decision).toMatchObject({ decision: 'override', by: 'Owner', reason: 'simpler to explain', model: other, recommended: ctx.recommended });
    expect(((await outputs(s, runId, 'backtest')).backtest as { model: string }).model).toBe(other);
    const report = (await outputs(s, runId, 'report')).report as { markdown: string };
    expect(report.markdown).toContain(`chosen by Owner over the recommended ${ctx.recommended}: simpler to explain`);
  });

  it('a pending approval survives a runtime restart and resumes exactly once', async () => {
    const first = await startTestServer(target);
    await importMarketData(first, LAB_FILES());
    const runId = await startRun(first, { document: gateGraph({ mode: 'required' }) });
    const w = await watchRun(first.url, runId, 0);
    const a = (await w.until(isAwaiting)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
    await w.until((e) => e.kind === 'node.succeeded' && e.nodeId === 'summary2');
    w.close();
    await expect.poll(async () => (await getRun(first, runId)).run.startedAt).not.toBeNull();
    const startedAt = (await getRun(first, runId)).run.startedAt;
    await first.stop();

    const second = await startTestServer(target, { provisioned: first.provisioned });
    try {
      expect(['awaiting', 'running']).toContain((await getRun(second, runId)).run.status);
      const w2 = await watchRun(second.url, runId, 0);
      // The resumed run asks again under the same interaction id.
      const again = (await w2.until((e) => isAwaiting(e) && e.seq > a.seq)) as Extract<RunEvent, { kind: 'node.awaiting' }>;
      expect(again.request.interactionId).toBe(a.request.interactionId);
      const before = await getRun(second, runId);
      expect(before.run.status).toBe('awaiting');
      expect(before.snapshot.nodes.gate?.status).toBe('awaiting');
      expect((await answer(second, runId, a.request.interactionId, { decision: 'approve' })).status).toBe(200);
      expect((await answer(second, runId, a.request.interactionId, { decision: 'approve' })).status).toBe(409);
      await w2.until(isFinal);
      w2.close();
      expect(isGaplessFromOne(w2.events)).toBe(true);
      expect(w2.events.filter((e) => e.kind === 'run.finished')).toHaveLength(1);
      expect(w2.events.filter((e) => isFinal(e))).toHaveLength(1);
      expect(w2.events.filter((e) => e.kind === 'node.resumed')).toHaveLength(1);
      expect(w2.events.filter((e) => e.kind === 'node.succeeded' && e.nodeId === 'gate')).toHaveLength(1);
      const after = await getRun(second, runId);
      expect(after.run.status).toBe('succeeded');
      expect(after.run.startedAt).toBe(startedAt); // the resumed run keeps its first start
      expect((await outputs(second, runId, 'gate')).decision).toMatchObject({ decision: 'approve', by: 'Owner' });
    } finally {
      await second.stop();
      await first.provisioned.dispose();
    }
  });
});
