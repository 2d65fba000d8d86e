import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { RunEventEmitter, MemoryOutputCache, runGraph } from '../engine';
import { catalog, nodeRegistry } from '@coinlab/nodes';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { createTelemetry, tracingEnabled } from './index';
import { traceModelCall, traceNode } from './spans';

describe('telemetry without an OTLP endpoint', () => {
  it('sets no tracer provider up: wrappers only call through, and node metrics still count', async () => {
    const t = await createTelemetry({ kysely: undefined as never, env: {}, defaultMetrics: false });
    expect(t.tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    // No global provider or context manager was installed.
    expect(trace.getTracerProvider().getTracer('x').startSpan('s').isRecording()).toBe(false);
    let inside: unknown = 'unset';
    const outcome = await traceNode({ runId: 'r', nodeId: 'n', nodeType: 't' }, async () => {
      inside = trace.getSpan(context.active());
      return { status: 'succeeded' as const };
    });
    expect(outcome.status).toBe('succeeded');
    expect(inside).toBeUndefined();
    const reply = { usage: { inputTokens: 1, outputTokens: 2, costUsd: 0 } };
    expect(await traceModelCall({ model: 'm', purpose: 'complete', scope: { runId: 'r', nodeId: 'n' } }, async () => reply)).toBe(reply);

    // The engine hook times nodes by type whatever tracing does.
    const graph = { version: 2, name: 'g', nodes: [{ id: 'w', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 } }], edges: [] };
    const result = await runGraph({ graph, catalog, registry: nodeRegistry(), emitter: new RunEventEmitter('run-1'), cache: new MemoryOutputCache(), services: () => createMemoryServices({ candles: [] }), hooks: t.run.engineHooks });
    expect(result.status).toBe('succeeded');
    expect((await t.metrics.nodeDuration.get()).values.find((v) => v.metricName === 'coinlab_node_duration_seconds_count')).toMatchObject({ labels: { node_type: 'utility.wait', outcome: 'succeeded' }, value: 1 });
  });
});
