import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './config';

/**
 * The SDK half of tracing, imported only when an endpoint is configured: loading the SDK and
 * the OTLP exporter costs about half a second, which a CLI run without tracing never pays.
 */
export function startProvider(config: TracingConfig): { forceFlush(): Promise<void>; shutdown(): Promise<void> } {
  // Failed exports (collector down, wrong URL) are reported on stderr, not swallowed.
  diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  // OTLP/HTTP with the JSON encoding (this exporter package; the -proto one sends protobuf).
  const exporter = new OTLPTraceExporter({ url: config.tracesUrl });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // Installs the AsyncLocalStorage context manager: a span made active around a node stays
  // the parent of the queries and model calls that node's awaits lead to.
  provider.register();
  return provider;
}
