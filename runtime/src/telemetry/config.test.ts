import { describe, expect, it } from 'vitest';
import { tracingConfigFrom } from './config';

describe('OpenTelemetry settings from the environment', () => {
  it('is off without an endpoint, or when the SDK is disabled', () => {
    expect(tracingConfigFrom({})).toBeNull();
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeNull();
    expect(tracingConfigFrom({ OTEL_SERVICE_NAME: 'x' })).toBeNull();
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeNull();
  });

  it('sends traces to <endpoint>/v1/traces, as coinlab unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: 'coinlab' });
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base/', OTEL_SERVICE_NAME: 'lab-a' })).toEqual({ tracesUrl: 'http://collector:4318/base/v1/traces', serviceName: 'lab-a' });
  });

  it('takes a traces-specific endpoint as is', () => {
    expect(tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' })?.tracesUrl).toBe('http://b:9999/custom');
  });

  it('refuses a malformed URL with the variable named', () => {
    expect(() => tracingConfigFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
