import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { startServer } from '../../server';
import { UsageError } from '../exit-codes';
import { openCliRuntime } from '../open-runtime';
import { untilStopSignal } from '../stop-signal';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean', default: false }, 'no-worker': { type: 'boolean', default: false }, concurrency: { type: 'string' } },
  });
  const config = loadConfig();
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number between 0 and 65535');
  const concurrency = values['no-worker'] ? 0 : values.concurrency === undefined ? config.maxRuns : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 0 || concurrency > 1000) throw new UsageError('--concurrency must be a whole number between 1 and 1000');
  const cluster = config.databaseUrl !== undefined;
  if (!cluster && (values['no-worker'] || values.concurrency !== undefined)) throw new UsageError('--no-worker and --concurrency need DATABASE_URL (a PostgreSQL cluster); the embedded database runs in one process');
  // On PostgreSQL, several servers and workers share the database (a cluster); the embedded
  // database's folder lock keeps it to one process.
  const runtime = await openCliRuntime({ ...(cluster ? { execution: 'cluster' as const } : { serverLock: true }), demoData: !values['no-demo'], log: (l) => process.stdout.write(`${l}\n`) });
  const server = await startServer({ runtime, port, host: values.host ?? config.host, allowedOrigins: config.allowedOrigins, workerConcurrency: concurrency });
  // A CLI started on the same data folder finds the server here and works through its API.
  runtime.db.advertise?.(server.url);
  const also = server.urls.filter((u) => u !== server.url);
  const role = !runtime.cluster ? '' : server.worker ? ` — cluster member, executing up to ${server.worker.concurrency} runs (messages via ${runtime.cluster.messagesVia})` : ` — cluster API only (no worker; messages via ${runtime.cluster.messagesVia})`;
  process.stdout.write(
    `coinlab is running at ${server.url}${also.length ? ` (also ${also.join(', ')})` : ''}  (database: ${runtime.db.location})${role}\nAPI: ${server.url}/api/v1/openapi.json — stop with Ctrl+C\n`,
  );
  await untilStopSignal();
  process.stdout.write('stopping…\n');
  await server.close();
  await runtime.db.close();
  return 0;
}
