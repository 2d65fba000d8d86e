import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { holdTable } from '../../runtime/src/db/testing/hold-table';
import { waitChain } from '../support/graphs';
import { startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';

// Issue 8, item 9: accepting a run must not wait on the database's write backlog. The backlog
// is made certain here: a transaction holds the runs table (on the embedded database, the
// whole database) until the POST has been answered — or, on code that waits, 20 s.

describe.each(testDatabases())('POST /runs while the database is busy ($name database)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  });
  afterAll(async () => s?.close());

  it('answers 202 before the database is free, and the run then runs to the end', async () => {
    const hold = await holdTable(s.runtime.store.kysely, 'runs');
    let released = false;
    const safety = setTimeout(() => {
      released = true;
      void hold.release();
    }, 20_000);
    const res = await s.api('/runs', { method: 'POST', json: { document: waitChain(2, 0) } });
    const answeredWhileBusy = !released;
    clearTimeout(safety);
    await hold.release();
    expect(res.status, await res.clone().text()).toBe(202);
    expect(answeredWhileBusy).toBe(true);
    const { runId } = (await res.json()) as { runId: string };
    const w = await watchRun(s.url, runId, 0);
    const end = await w.until(isFinal);
    w.close();
    expect(end.kind).toBe('run.finished');
    const got = (await (await s.api(`/runs/${runId}`)).json()) as { run: { status: string } };
    expect(got.run.status).toBe('succeeded');
  });

  it('a run read right after it was accepted is found (its row is awaited)', async () => {
    const res = await s.api('/runs', { method: 'POST', json: { document: waitChain(1, 0) } });
    const { runId } = (await res.json()) as { runId: string };
    expect((await s.api(`/runs/${runId}`)).status).toBe(200);
  });
});
