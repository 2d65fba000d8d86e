import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { startServer } from '../../server';
import { UsageError } from '../exit-codes';
import { openCliRuntime } from '../open-runtime';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean', default: false } } });
  const config = loadConfig();
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number between 0 and 65535');
  const runtime = await openCliRuntime({ serverLock: true, demoData: !values['no-demo'], log: (l) => process.stdout.write(`${l}\n`) });
  const server = await startServer({ runtime, port, host: values.host ?? config.host, allowedOrigins: config.allowedOrigins });
  // A CLI started on the same data folder finds the server here and works through its API.
  runtime.db.advertise?.(server.url);
  const also = server.urls.filter((u) => u !== server.url);
  process.stdout.write(
    `coinlab is running at ${server.url}${also.length ? ` (also ${also.join(', ')})` : ''}  (database: ${runtime.db.location})\nAPI: ${server.url}/api/v1/openapi.json — stop with Ctrl+C\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.stdout.write('stopping…\n');
  await server.close();
  await runtime.db.close();
  return 0;
}
