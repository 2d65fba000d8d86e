/**
 * Test helper run in a separate process (under `node --import tsx` or the tsx CLI, as the
 * CLI and the scripts run): opens DATA_DIR, counts event-loop ticks during a query that
 * keeps PostgreSQL busy for 300 ms, and reports on stdout as one JSON line. With PGlite in
 * its worker the loop keeps ticking; in-thread it would not tick at all.
 */
import { sql } from 'kysely';
import { openDatabase } from '../open';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: worker-probe.ts DATA_DIR');
  process.exit(2);
}

const db = await openDatabase({ dataDir });
let ticks = 0;
const timer = setInterval(() => ticks++, 10);
const started = performance.now();
await sql`select pg_sleep(0.3)`.execute(db.kysely);
const ms = performance.now() - started;
clearInterval(timer);
await db.close();
console.log(JSON.stringify({ ticks, ms }));
