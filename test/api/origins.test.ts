import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { testDatabases } from '../support/db';
import { authHeaders, socketAuth } from '../support/auth';
import { startTestServer, type TestServer } from '../support/server';

// Issue 8 item 5: any web page could read and change the local runtime — socket.io accepted
// every origin, text/plain POSTs worked cross-site, the Host header was not checked (DNS
// rebinding), and HOST=0.0.0.0 bound every interface silently.

const target = testDatabases()[0]!;
const EVIL = 'http://evil.example';
const CSV = 'ts,open,high,low,close,volume\n2018-01-10T00:00:00Z,1,2,0.5,1,1\n2018-01-10T00:05:00Z,1,2,0.5,1.5,2\n';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** A raw HTTP request, so Host and Origin are exactly what a hostile page's browser sends. */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...authHeaders(url), ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function connect(url: string, extraHeaders: Record<string, string>, transport: 'websocket' | 'polling'): Promise<'connected' | string> {
  const socket = io(url, { ...socketAuth(url), transports: [transport], reconnection: false, forceNew: true, extraHeaders, timeout: 5000 });
  return new Promise((resolve) => {
    socket.once('connect', () => (socket.close(), resolve('connected')));
    socket.once('connect_error', (e) => (socket.close(), resolve(e.message)));
  });
}

describe('origins, hosts and binds', () => {
  let s: TestServer;
  let own: string;
  const rows = async () => Number((await s.runtime.store.kysely.selectFrom('price_data_5min').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    s = await startTestServer(target, { allowedOrigins: ['http://localhost:5173'] });
    own = `http://127.0.0.1:${s.port}`;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a foreign Origin on reads and writes, including a text/plain candle import, writing nothing', async () => {
    const before = await rows();
    expect((await raw(s.url, 'GET', '/api/v1/runs', { origin: EVIL })).status).toBe(403);
    expect((await raw(s.url, 'POST', '/api/v1/runs/00000000-0000-0000-0000-000000000000/cancel', { origin: EVIL, 'content-type': 'text/plain' }, '')).status).toBe(403);
    const imp = await raw(s.url, 'POST', '/api/v1/candles/import?coin=EVIL_BTC', { origin: EVIL, 'content-type': 'text/plain' }, CSV);
    expect(imp.status).toBe(403);
    expect(JSON.parse(imp.body)).toMatchObject({ error: { code: 'forbidden_origin' } });
    expect((await raw(s.url, 'POST', '/api/v1/sessions/x/continue', { origin: EVIL, 'content-type': 'text/plain' }, 'hi')).status).toBe(403);
    expect(await rows()).toBe(before);
  });

  it('refuses a Host that is not one of its names (DNS rebinding), on the API, the editor and health', async () => {
    for (const path of ['/api/v1/graphs', '/', '/healthz']) {
      const res = await raw(s.url, 'GET', path, { host: `evil.example:${s.port}` });
      expect(res.status, path).toBe(403);
      expect(res.body).toMatch(/forbidden_host/);
    }
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `[::1]:${s.port}`, 'localhost']) {
      expect((await raw(s.url, 'GET', '/api/v1/graphs', { host })).status, host).toBe(200);
    }
  });

  it('serves its own origin; a browser must send JSON (not a simple content type) except for the raw candle upload', async () => {
    expect((await raw(s.url, 'GET', '/api/v1/runs', { origin: own })).status).toBe(200);
    const plain = await raw(s.url, 'POST', '/api/v1/runs', { origin: own, 'content-type': 'text/plain' }, '{"document":{}}');
    expect(plain.status).toBe(415);
    const form = await raw(s.url, 'POST', '/api/v1/graphs', { origin: own, 'content-type': 'application/x-www-form-urlencoded' }, 'a=b');
    expect(form.status).toBe(415);
    const imp = await raw(s.url, 'POST', '/api/v1/candles/import?coin=OWN_BTC', { origin: own, 'content-type': 'text/plain' }, CSV);
    expect(imp.status, imp.body).toBe(200);
  });

  it('lets tools without an Origin header (curl, the CLI) import a raw text/plain file', async () => {
    const before = await rows();
    const curl = await raw(s.url, 'POST', '/api/v1/candles/import?coin=CURL_BTC', { 'content-type': 'text/plain' }, CSV);
    expect(curl.status, curl.body).toBe(200);
    expect(await rows()).toBe(before + 2);
  });

  it('answers CORS for a configured origin (COINLAB_ALLOWED_ORIGINS) and for no other', async () => {
    const pre = await raw(s.url, 'OPTIONS', '/api/v1/graphs', { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect((await raw(s.url, 'GET', '/api/v1/graphs', { origin: 'http://localhost:5173' })).headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect((await raw(s.url, 'OPTIONS', '/api/v1/graphs', { origin: EVIL, 'access-control-request-method': 'POST' })).status).toBe(403);
  });

  it('refuses socket.io handshakes from a foreign Origin or Host, on both transports, and accepts its own', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await connect(s.url, { origin: EVIL }, transport), `${transport} evil origin`).not.toBe('connected');
      // The polling client cannot override Host (a forbidden header for its XHR); raw HTTP below.
      if (transport === 'websocket') expect(await connect(s.url, { host: `evil.example:${s.port}` }, transport), `${transport} evil host`).not.toBe('connected');
      expect(await connect(s.url, { origin: own }, transport), `${transport} own`).toBe('connected');
      expect(await connect(s.url, {}, transport), `${transport} no origin`).toBe('connected');
    }
    const handshake = await raw(s.url, 'GET', '/socket.io/?EIO=4&transport=polling', { host: `evil.example:${s.port}` });
    expect(handshake.status).toBe(403);
    expect((await raw(s.url, 'GET', '/socket.io/?EIO=4&transport=polling')).status).toBe(200);
  });
});

describe('binding beyond loopback', () => {
  it('warns loudly on HOST=0.0.0.0 and names the reachable URLs', async () => {
    const warnings: string[] = [];
    const s = await startTestServer(target, { host: '0.0.0.0', warn: (l) => void warnings.push(l) });
    try {
      expect(warnings.join('\n')).toMatch(/^WARNING: coinlab is listening on EVERY network interface \(HOST=0\.0\.0\.0\)/);
      expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
      expect(s.urls[0]).toBe(s.url);
      expect((await raw(s.url, 'GET', '/api/v1/graphs')).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('stays quiet on loopback', async () => {
    const warnings: string[] = [];
    const s = await startTestServer(target, { warn: (l) => void warnings.push(l) });
    await s.close();
    expect(warnings).toEqual([]);
  });
});
