import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { testDatabases } from '../support/db';
import { socketAuth } from '../support/auth';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { waitChain } from '../support/graphs';
import { REPO_ROOT } from '../support/paths';
import { parseExposition, select, sum, value, type Sample } from '../support/prometheus';

const template = (name: string): unknown => JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8'));
const MA_TYPES = ['data.load_candles', 'indicator.sma', 'indicator.ema', 'report.summary'];

describe.each(testDatabases())('GET /metrics after real runs ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
    await importMarketData(s);
  });
  afterAll(async () => s?.close());

  async function runToEnd(document: unknown): Promise<string> {
    const res = await s.api('/runs', { method: 'POST', json: { document, trigger: 'test' } });
    expect(res.status, await res.clone().text()).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const watcher = await watchRun(s.url, runId, 0);
    const last = await watcher.until(isFinal);
    watcher.close();
    expect(last.kind).toBe('run.finished');
    await s.runtime.manager.waitFor(runId);
    await s.runtime.manager.eventsStored(); // the runs table says what the socket said
    return runId;
  }

  async function scrape(): Promise<Sample[]> {
    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  }

  it('starts with every run status at 0 and process metrics present', async () => {
    const m = await scrape();
    for (const status of ['queued', 'running', 'awaiting', 'succeeded', 'failed', 'cancelled', 'interrupted']) expect(value(m, 'coinlab_runs', { status })).toBe(0);
    expect(value(m, 'coinlab_queue_depth')).toBe(0);
    expect(value(m, 'coinlab_active_workers')).toBe(1);
    expect(value(m, 'coinlab_cache_hit_ratio')).toBe(0);
    expect(select(m, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(select(m, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('counts runs, node durations by type and outcome, queue wait, event lag and cache hits', async () => {
    await runToEnd(template('moving-averages'));
    let m = await scrape();
    expect(value(m, 'coinlab_runs', { status: 'succeeded' })).toBe(1);
    expect(value(m, 'coinlab_runs_finished_total', { status: 'succeeded' })).toBe(1);
    // One observation per node executed, by type; every one of them executed (a cache miss).
    expect(sum(m, 'coinlab_node_duration_seconds_count')).toBe(4);
    for (const t of MA_TYPES) {
      expect(value(m, 'coinlab_node_duration_seconds_count', { node_type: t, outcome: 'succeeded' })).toBe(1);
      expect(value(m, 'coinlab_node_duration_seconds_sum', { node_type: t, outcome: 'succeeded' })).toBeGreaterThan(0);
      expect(value(m, 'coinlab_cache_misses_total', { node_type: t })).toBe(1);
    }
    expect(select(m, 'coinlab_cache_hits_total')).toHaveLength(0);
    expect(value(m, 'coinlab_queue_wait_seconds_count')).toBe(1);

    // The same graph again: every node comes from the cache.
    await runToEnd(template('moving-averages'));
    m = await scrape();
    expect(value(m, 'coinlab_runs', { status: 'succeeded' })).toBe(2);
    for (const t of MA_TYPES) {
      expect(value(m, 'coinlab_cache_hits_total', { node_type: t })).toBe(1);
      expect(value(m, 'coinlab_node_duration_seconds_count', { node_type: t, outcome: 'cached' })).toBe(1);
    }
    expect(value(m, 'coinlab_cache_hit_ratio')).toBe(0.5);
    expect(value(m, 'coinlab_queue_wait_seconds_count')).toBe(2);

    // A run that lasts: the watcher joins while it runs, so its later events are live.
    const lagBefore = value(m, 'coinlab_event_lag_seconds_count');
    await runToEnd(waitChain(3, 0.2));
    m = await scrape();
    expect(value(m, 'coinlab_runs', { status: 'succeeded' })).toBe(3);
    expect(value(m, 'coinlab_runs_finished_total', { status: 'succeeded' })).toBe(3);
    expect(value(m, 'coinlab_node_duration_seconds_count', { node_type: 'utility.wait', outcome: 'succeeded' })).toBe(3);
    // utility.wait is never cached: no lookup counted for it.
    expect(select(m, 'coinlab_cache_misses_total', { node_type: 'utility.wait' })).toHaveLength(0);
    expect(value(m, 'coinlab_event_lag_seconds_count')).toBeGreaterThan(lagBefore);
    // Each wait lasts 0.2 s: the three took at least 0.6 s between them.
    expect(value(m, 'coinlab_node_duration_seconds_sum', { node_type: 'utility.wait', outcome: 'succeeded' })).toBeGreaterThanOrEqual(0.6);
    // Lag is sub-second on an idle server; the +Inf bucket holds every observation.
    expect(value(m, 'coinlab_event_lag_seconds_bucket', { le: '+Inf' })).toBe(value(m, 'coinlab_event_lag_seconds_count'));
  });

  it('reports a cancelled run, the queue and connected socket clients', async () => {
    const res = await s.api('/runs', { method: 'POST', json: { document: waitChain(2, 5) } });
    const { runId } = (await res.json()) as { runId: string };
    const watcher = await watchRun(s.url, runId, 0);
    await watcher.until((e) => e.kind === 'node.started');
    const extra = io(s.url, { ...socketAuth(s.url), transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => extra.once('connect', () => resolve()));
    // The row's status is written behind the events: wait for the store to say running.
    await expect.poll(async () => value(await scrape(), 'coinlab_runs', { status: 'running' })).toBe(1);
    let m = await scrape();
    expect(value(m, 'coinlab_socket_clients')).toBe(2);
    expect((await s.api(`/runs/${runId}/cancel`, { method: 'POST', json: {} })).status).toBeLessThan(300);
    await watcher.until(isFinal);
    watcher.close();
    extra.close();
    await s.runtime.manager.eventsStored();
    await expect.poll(async () => value(await scrape(), 'coinlab_socket_clients')).toBe(0);
    m = await scrape();
    expect(value(m, 'coinlab_runs', { status: 'cancelled' })).toBe(1);
    expect(value(m, 'coinlab_runs', { status: 'running' })).toBe(0);
    expect(value(m, 'coinlab_runs_finished_total', { status: 'cancelled' })).toBe(1);
    expect(value(m, 'coinlab_node_duration_seconds_count', { node_type: 'utility.wait', outcome: 'cancelled' })).toBe(1);
  });
});
