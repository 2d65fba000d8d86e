import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { startRunWorker } from '../../queue/worker';
import { serveMetrics } from '../../telemetry/metrics-server';
import { CliExit, EXIT, UsageError } from '../exit-codes';
import { openCliRuntime } from '../open-runtime';
import { untilStopSignal } from '../stop-signal';

export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string' }, 'metrics-port': { type: 'string' } } });
  const config = loadConfig();
  if (!config.databaseUrl) throw new CliExit(EXIT.invalid, 'coinlab worker: set DATABASE_URL to a PostgreSQL server (workers share its job queue; the embedded database is one process)');
  const concurrency = values.concurrency === undefined ? config.maxRuns : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new UsageError('--concurrency must be a whole number between 1 and 1000');
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port']);
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) throw new UsageError('--metrics-port must be a number between 0 and 65535');
  const runtime = await openCliRuntime({ execution: 'cluster' });
  const worker = await startRunWorker(runtime, { concurrency, log: (l) => process.stderr.write(`${l}\n`) });
  runtime.alerts.startDelivery(); // webhooks: every process shares the delivery queue
  const metrics = metricsPort === undefined ? null : await serveMetrics(runtime.telemetry.metrics, { port: metricsPort, host: config.host });
  process.stdout.write(
    `coinlab worker pid ${process.pid}: executing up to ${concurrency} runs at once (database: ${runtime.db.location}; messages via ${runtime.cluster!.messagesVia})${metrics ? `; metrics at ${metrics.url}` : ''} — stop with Ctrl+C\n`,
  );
  await untilStopSignal();
  process.stdout.write('stopping: runs in progress are left for another worker…\n');
  await worker.stop();
  await metrics?.close();
  await runtime.close();
  return 0;
}
