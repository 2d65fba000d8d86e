import { startServer } from '../../runtime/src/server';
import { syntheticBacktestNode } from '../../runtime/src/experiments/testing/synthetic-backtest';

/**
 * One cluster member as `coinlab serve` runs it (API, queue worker, experiment timer and sweep)
 * plus the synthetic backtest node, as its own OS process: the experiment takeover test
 * kill -9's it mid-iteration. Prints serve's ready line and its presence id (the `instance`
 * stored on the iterations it runs).
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const server = await startServer({
  databaseUrl,
  execution: 'cluster',
  extraNodes: [syntheticBacktestNode],
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  workerConcurrency: 2,
  log: (l) => process.stdout.write(`${l}\n`),
});
process.stdout.write(`instance ${server.runtime.db.presence.identity.id}\ncoinlab is running at ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
