import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/db';
import { authHeaders, sessionFetch } from '../support/auth';
import { addUser, startTestServer, type TestServer } from '../support/server';
import { market5mFiles } from '../support/paths';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-market-api-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The request a user types from the README: curl's own defaults, no Content-Type given (only the API token). */
async function curlUpload(url: string, file: string): Promise<{ status: number; body: unknown }> {
  const auth = Object.entries(authHeaders(new URL(url).origin)).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await promisify(execFile)('curl', ['-s', '-w', '\n%{http_code}', ...auth, '--data-binary', `@${file}`, url]);
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: JSON.parse(stdout.slice(0, at)) };
}

describe.each(testDatabases())('market data over HTTP ($name)', (target) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(target);
  }, 300_000);
  afterAll(async () => s?.close());

  it('imports with `curl --data-binary @file` and no Content-Type, JSON and CSV alike', async () => {
    const eth = market5mFiles().find((f) => f.endsWith('ETH_BTC-5m.json'))!;
    const json = await curlUpload(`${s.url}/api/v1/candles/import?coin=ETH_BTC`, eth);
    expect(json).toEqual({ status: 200, body: { coin: 'ETH_BTC', rows: 5760, inserted: 5760, updated: 0, unchanged: 0 } });

    const csv = path.join(tmp, 'hourly.csv');
    writeFileSync(csv, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T01:00:00Z,1.5,2,1,1.8,12\n2024-01-01T04:00:00Z,1.8,2,1,1.9,9\n');
    expect(await curlUpload(`${s.url}/api/v1/candles/import?coin=HOURLY_USD`, csv)).toEqual({ status: 200, body: { coin: 'HOURLY_USD', rows: 3, inserted: 3, updated: 0, unchanged: 0 } });

    // A body that is neither: the answer names the headers to send.
    const odd = path.join(tmp, 'odd.bin');
    writeFileSync(odd, 'hello');
    const refused = await curlUpload(`${s.url}/api/v1/candles/import?coin=ODD_USD`, odd);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Content-Type: application/json');
    expect(JSON.stringify(refused.body)).toContain('Content-Type: text/csv');
  });

  it('previews a file without writing it, every bad line listed', async () => {
    const before = (await (await s.api('/coins')).json()) as { coins: unknown[] };
    const body = 'timestamp,open,high,low,close,volume\n2024-02-01T00:00:00Z,1,2,0.5,1.5,10\n2024-02-01T00:05:00Z,1,2,3,1,1\n2024-02-01T00:10:00Z,1,2,0.5,1,-4\n';
    const res = await s.api('/candles/import?coin=PREVIEW_USD&preview=1', { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as { format: string; rows: number; head: { close: number }[]; issueCount: number; issues: { path: string; message: string }[] };
    expect(preview).toMatchObject({ format: 'csv', rows: 1, issueCount: 2, head: [{ close: 1.5 }] });
    expect(preview.issues.map((i) => i.path)).toEqual(['line 3', 'line 4']);
    expect(preview.issues[0]!.message).toMatch(/low/);
    expect(((await (await s.api('/coins')).json()) as { coins: unknown[] }).coins).toEqual(before.coins);
  });

  it('lists each coin with its own bar spacing and gaps, and deletes a coin', async () => {
    const { coins } = (await (await s.api('/coins')).json()) as { coins: { coin: string; barMs: number; rows: number; gaps: { missingBars: number } }[] };
    expect(coins.find((c) => c.coin === 'HOURLY_USD')).toMatchObject({ barMs: 3_600_000, rows: 3, gaps: { missingBars: 2 } });
    expect(coins.find((c) => c.coin === 'ETH_BTC')).toMatchObject({ barMs: 300_000, rows: 5760 });

    // A member may not delete the lab's market data: 403 naming why, and nothing deleted.
    const member = await addUser(s, 'member');
    const refused = await sessionFetch(s.url, member, '/coins/HOURLY_USD', { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/HOURLY_USD .*whole lab: only the owner or an admin may \(your role: member\)/);
    expect((await (await s.api('/coins')).json()) as { coins: { coin: string }[] }).toMatchObject({ coins: expect.arrayContaining([expect.objectContaining({ coin: 'HOURLY_USD', rows: 3 })]) });
    const admin = await addUser(s, 'admin');
    expect((await sessionFetch(s.url, admin, '/coins/NOSUCHCOIN', { method: 'DELETE' })).status).toBe(404);

    const del = await s.api('/coins/HOURLY_USD', { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ coin: 'HOURLY_USD', deleted: 3 });
    const after = (await (await s.api('/coins')).json()) as { coins: { coin: string }[] };
    expect(after.coins.map((c) => c.coin)).toEqual(['ETH_BTC']);
    expect((await s.api('/coins/HOURLY_USD', { method: 'DELETE' })).status).toBe(404);
  });
});
