import { z } from 'zod';

/**
 * The standard OpenTelemetry environment variables this runtime honours. Traces are exported
 * only when an OTLP endpoint is given: without one, tracing is never set up and costs nothing.
 */
const envSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().trim().url().optional().or(z.literal('').transform(() => undefined)),
  /** Overrides the traces URL as is (no /v1/traces appended), as the specification says. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().trim().url().optional().or(z.literal('').transform(() => undefined)),
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional().or(z.literal('').transform(() => undefined)),
  OTEL_SDK_DISABLED: z.string().optional(),
});

export interface TracingConfig {
  /** Where spans are POSTed (OTLP/HTTP, JSON encoding). */
  tracesUrl: string;
  serviceName: string;
}

export const DEFAULT_SERVICE_NAME = 'coinlab';

/** null: tracing is off (no endpoint, or OTEL_SDK_DISABLED=true). Throws on a malformed URL. */
export function tracingConfigFrom(env: NodeJS.ProcessEnv): TracingConfig | null {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid OpenTelemetry settings: ${problem}`);
  }
  const e = parsed.data;
  if (e.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return null;
  return { tracesUrl, serviceName: e.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME };
}
