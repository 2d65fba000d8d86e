import { context, propagation, trace } from '@opentelemetry/api';
import { tracingConfigFrom, type TracingConfig } from './config';

interface Provider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The process's tracer provider. OpenTelemetry's API is process-global (one provider, one
 * context manager), so every runtime in a process shares it: the first one that finds an
 * endpoint in the environment sets it up, later ones reuse it.
 */
let provider: Provider | null = null;
let active: TracingConfig | null = null;
let starting: Promise<void> | null = null;

/** Checked on hot paths (every query, every model call): false means skip all span work. */
export function tracingEnabled(): boolean {
  return provider !== null;
}

export interface TracingHandle {
  readonly enabled: boolean;
  readonly config: TracingConfig | null;
  /**
   * Exports the spans still buffered (a CLI run that is about to exit, a test). Rejects when the
   * export fails; gives up waiting after `timeoutMs` (a collector that does not answer must not
   * hold a shutdown for the exporter's own 10 s timeout).
   */
  flush(timeoutMs?: number): Promise<void>;
}

async function flushWithin(p: Provider, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([p.forceFlush(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sets tracing up from the environment once per process; without an endpoint nothing is
 * loaded or registered and the handle is a no-op. Throws on a malformed endpoint URL.
 */
export async function ensureTracing(env: NodeJS.ProcessEnv = process.env): Promise<TracingHandle> {
  if (!provider) {
    const config = tracingConfigFrom(env);
    if (config) {
      starting ??= import('./tracing-sdk').then(({ startProvider }) => {
        provider = startProvider(config);
        active = config;
      });
      try {
        await starting;
      } finally {
        starting = null;
      }
    }
  }
  const p = provider;
  return { enabled: p !== null, config: active, flush: async (timeoutMs = 5000) => (p ? flushWithin(p, timeoutMs) : undefined) };
}

/** Flushes, shuts the exporter down and unregisters every global (tests that start tracing afresh). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = null;
  active = null;
  if (!p) return;
  await p.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
