import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { activeScope, scopeAttributes, withScope, type NodeScopeAttrs } from './scope';
import { tracingEnabled } from './tracing';
import { redactText } from '../security/redact';

const tracer = () => trace.getTracer('coinlab');

/** What a finished piece of work says about itself: failed ones mark their span as an error. */
interface Ended {
  status: string;
  error?: string | null;
}

/**
 * Runs `fn` with a new span (child of the active one) as the active context, tagged with the
 * run/node scope so nested spans can carry it too. Without tracing: just `fn()`.
 */
async function inSpan<R extends Ended>(name: string, kind: SpanKind, scope: NodeScopeAttrs, attributes: Attributes, fn: () => Promise<R>): Promise<R> {
  if (!tracingEnabled()) return fn();
  const span = tracer().startSpan(name, { kind, attributes: { ...scopeAttributes(scope), ...attributes } });
  const ctx = withScope(trace.setSpan(context.active(), span), scope);
  try {
    const result = await context.with(ctx, fn);
    span.setAttribute('coinlab.outcome', result.status);
    if (result.status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, ...(result.error ? { message: redactText(result.error) } : {}) });
    return result;
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Spans leave the process (OTLP): what they say about an error is redacted. */
function failed(span: Span, err: unknown): void {
  if (err instanceof Error) span.recordException({ name: err.name, message: redactText(err.message), ...(err.stack ? { stack: redactText(err.stack) } : {}) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(err instanceof Error ? err.message : String(err)) });
}

/** The root of a run's trace: every node span is its child. */
export function traceRun<R extends Ended>(run: { runId: string; graphId: string | null; trigger: string }, fn: () => Promise<R>): Promise<R> {
  const attrs: Attributes = { 'coinlab.trigger': run.trigger, ...(run.graphId ? { 'coinlab.graph_id': run.graphId } : {}) };
  return inSpan('coinlab.run', SpanKind.INTERNAL, { runId: run.runId }, attrs, fn);
}

/** One node's execution (cache lookup, attempts, retries): its queries and model calls nest here. */
export function traceNode<R extends Ended>(node: { runId: string; nodeId: string; nodeType: string }, fn: () => Promise<R>): Promise<R> {
  return inSpan(`coinlab.node ${node.nodeType}`, SpanKind.INTERNAL, node, {}, fn);
}

export interface ModelCallUsage {
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

/**
 * A model call (after its retries), named and tagged after the GenAI semantic conventions.
 * The node type comes from the enclosing node span's scope (the LLM layer does not know it).
 */
export async function traceModelCall<R extends ModelCallUsage>(call: { model: string; purpose: string; scope: { runId: string; nodeId: string } }, fn: () => Promise<R>): Promise<R> {
  if (!tracingEnabled()) return fn();
  const outer = activeScope();
  const scope: NodeScopeAttrs = { ...call.scope, ...(outer?.nodeType && outer.nodeId === call.scope.nodeId ? { nodeType: outer.nodeType } : {}) };
  const span = tracer().startSpan(`chat ${call.model}`, {
    kind: SpanKind.CLIENT,
    attributes: { ...scopeAttributes(scope), 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': call.model, 'coinlab.llm.purpose': call.purpose },
  });
  try {
    const reply = await context.with(withScope(trace.setSpan(context.active(), span), scope), fn);
    span.setAttributes({ 'gen_ai.usage.input_tokens': reply.usage.inputTokens, 'gen_ai.usage.output_tokens': reply.usage.outputTokens, 'coinlab.llm.cost_usd': reply.usage.costUsd });
    return reply;
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` outside any span: for the runtime's own background work (batched event writes)
 * that would otherwise show up under whichever node happened to schedule it.
 */
export function untraced<R>(fn: () => R): R {
  return tracingEnabled() ? context.with(ROOT_CONTEXT, fn) : fn();
}
