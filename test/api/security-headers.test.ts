import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../../runtime/src/db';
import { testDatabases } from '../support/db';
import { authHeaders } from '../support/auth';
import { startTestServer, type TestServer } from '../support/server';

// Issue 11, Hardening: security headers on every response (CSP for the editor, no framing,
// nosniff, referrer and cross-origin policies), artifacts sandboxed or downloaded, and CORS
// closed unless an origin is on COINLAB_ALLOWED_ORIGINS.

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...authHeaders(url), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const header = (r: Raw, name: string) => {
  const v = r.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};
/** The directives of a CSP header as name -> sources. */
const csp = (r: Raw) => new Map((header(r, 'content-security-policy') ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [name, ...src] = d.split(/\s+/); return [name!, src] as const; }));

function expectBaseHeaders(r: Raw, what: string): void {
  expect(header(r, 'x-content-type-options'), what).toBe('nosniff');
  expect(header(r, 'x-frame-options'), what).toBe('DENY');
  expect(header(r, 'referrer-policy'), what).toBe('no-referrer');
  expect(header(r, 'cross-origin-resource-policy'), what).toBe('same-origin');
  expect(header(r, 'cross-origin-opener-policy'), what).toBe('same-origin');
  const policy = csp(r);
  expect(policy.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(header(r, 'content-security-policy'), what).not.toMatch(/unsafe-eval/);
}

describe.each(testDatabases())('security headers ($name database)', (target) => {
  let s: TestServer;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await startTestServer(target);
    const store = s.runtime.store;
    const make = async (key: string, name: string, contentType: string, content: string) => {
      ids[key] = (await store.artifacts.create({ ownerId: LOCAL_USER_ID, kind: 'report', name, contentType, content })).id;
    };
    await make('html', 'report.html', 'text/html; charset=utf-8', '<!doctype html><h1>Report</h1><script>alert(1)</script>');
    await make('svg', 'chart.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await make('md', 'report.md', 'text/markdown; charset=utf-8', '# Report');
    await make('spec', 'c.vl.json', 'application/vnd.vegalite+json', '{"mark":"line"}');
    await make('json', 't.json', 'application/json', '{"a":1}');
    await make('xml', 'x.xml', 'application/xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>');
    await make('xhtml', 'x.xhtml', 'application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>');
    await make('js', 'x.js', 'text/javascript', 'alert(1)');
    await make('bin', 'model.bin', 'application/octet-stream', 'xx');
    await make('odd', 'what', 'Text/HTML ; charset=utf-8', '<script>alert(1)</script>');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends them on every kind of response: editor, API, health, errors and refusals', async () => {
    const responses: [string, Raw][] = [
      ['editor /', await raw(s.url, 'GET', '/')],
      ['editor client route', await raw(s.url, 'GET', '/graphs/abc')],
      ['API list', await raw(s.url, 'GET', '/api/v1/graphs')],
      ['OpenAPI', await raw(s.url, 'GET', '/api/v1/openapi.json')],
      ['health', await raw(s.url, 'GET', '/healthz')],
      ['404', await raw(s.url, 'GET', '/api/v1/no-such-route')],
      ['400', await raw(s.url, 'GET', '/api/v1/runs/%00')],
      ['403 host', await raw(s.url, 'GET', '/api/v1/graphs', { host: 'evil.example' })],
      ['403 origin', await raw(s.url, 'GET', '/api/v1/graphs', { origin: 'http://evil.example' })],
    ];
    for (const [what, r] of responses) expectBaseHeaders(r, what);
    const editor = csp(responses[0]![1]);
    expect(editor.get('script-src')).toEqual(["'self'"]);
    expect(editor.get('default-src')).toEqual(["'self'"]);
    expect(editor.get('object-src')).toEqual(["'none'"]);
    expect(editor.get('base-uri')).toEqual(["'none'"]);
    expect(editor.get('connect-src')).toEqual(["'self'"]);
    expect([...editor.values()].flat()).not.toContain("'unsafe-eval'");
    expect(editor.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('serves HTML and SVG reports only sandboxed, loading nothing from anywhere', async () => {
    for (const key of ['html', 'svg', 'odd']) {
      const r = await raw(s.url, 'GET', `/api/v1/artifacts/${ids[key]}`);
      expect(r.status, key).toBe(200);
      expectBaseHeaders(r, key);
      const policy = csp(r);
      expect(policy.has('sandbox'), key).toBe(true);
      expect(policy.get('sandbox'), key).toEqual([]); // no allow-scripts, no allow-same-origin
      expect(policy.get('default-src'), key).toEqual(["'none'"]);
      expect(policy.has('script-src'), key).toBe(false);
      expect(header(r, 'content-disposition'), key).toBeUndefined();
    }
    expect(header(await raw(s.url, 'GET', `/api/v1/artifacts/${ids.html}`), 'content-type')).toBe('text/html; charset=utf-8');
  });

  it('shows text, markdown and JSON inline (sandboxed, nosniff) and forces a download with ?download=1', async () => {
    for (const key of ['md', 'spec', 'json']) {
      const r = await raw(s.url, 'GET', `/api/v1/artifacts/${ids[key]}`);
      expect(header(r, 'content-disposition'), key).toBeUndefined();
      expect(csp(r).has('sandbox'), key).toBe(true);
      expect(header(r, 'x-content-type-options')).toBe('nosniff');
    }
    for (const key of ['html', 'svg', 'md', 'json']) {
      const r = await raw(s.url, 'GET', `/api/v1/artifacts/${ids[key]}?download=1`);
      expect(header(r, 'content-disposition'), key).toMatch(/^attachment; filename="/);
      expect(csp(r).has('sandbox'), key).toBe(true);
    }
    expect(header(await raw(s.url, 'GET', `/api/v1/artifacts/${ids.md}?download=1`), 'content-disposition')).toBe('attachment; filename="report.md"');
  });

  it('serves types that are not safe to view (XML, XHTML, JavaScript, binaries) as downloads only', async () => {
    for (const key of ['xml', 'xhtml', 'js', 'bin']) {
      const r = await raw(s.url, 'GET', `/api/v1/artifacts/${ids[key]}`);
      expect(r.status, key).toBe(200);
      expect(header(r, 'content-disposition'), key).toMatch(/^attachment; filename="/);
      expect(csp(r).has('sandbox'), key).toBe(true);
      expectBaseHeaders(r, key);
    }
  });
});

describe('CORS: closed by default, opened per origin by COINLAB_ALLOWED_ORIGINS', () => {
  const target = testDatabases()[0]!;
  const DEV = 'http://localhost:5173';
  const OTHER = 'http://other.example:8080';
  let closed: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    closed = await startTestServer(target);
    open = await startTestServer(target, { allowedOrigins: [DEV] });
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
  });

  const preflight = (url: string, origin: string) => raw(url, 'OPTIONS', '/api/v1/graphs', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });

  it('answers no CORS headers to a request without an Origin, and never allows credentials', async () => {
    const r = await raw(open.url, 'GET', '/api/v1/graphs');
    expect(r.status).toBe(200);
    expect(header(r, 'access-control-allow-origin')).toBeUndefined();
    const allowed = await raw(open.url, 'GET', '/api/v1/graphs', { origin: DEV });
    expect(header(allowed, 'access-control-allow-credentials')).toBeUndefined();
    expect(header(allowed, 'access-control-allow-origin')).not.toBe('*');
  });

  it('refuses every foreign origin when nothing is configured, on requests and preflights', async () => {
    for (const origin of [DEV, OTHER, 'null']) {
      const get = await raw(closed.url, 'GET', '/api/v1/graphs', { origin });
      expect(get.status, origin).toBe(403);
      expect(header(get, 'access-control-allow-origin'), origin).toBeUndefined();
      const pre = await preflight(closed.url, origin);
      expect(pre.status, origin).toBe(403);
      expect(header(pre, 'access-control-allow-origin'), origin).toBeUndefined();
      expect(header(pre, 'access-control-allow-methods'), origin).toBeUndefined();
    }
  });

  it('allows a configured origin: requests get it echoed, preflights get methods and headers', async () => {
    const get = await raw(open.url, 'GET', '/api/v1/graphs', { origin: DEV });
    expect(get.status).toBe(200);
    expect(header(get, 'access-control-allow-origin')).toBe(DEV);
    expect(header(get, 'vary')).toMatch(/Origin/);
    const pre = await preflight(open.url, DEV);
    expect(pre.status).toBe(204);
    expect(header(pre, 'access-control-allow-origin')).toBe(DEV);
    expect(header(pre, 'access-control-allow-methods')).toMatch(/POST/);
    expect(header(pre, 'access-control-allow-headers')).toBe('content-type');
    expectBaseHeaders(pre, 'preflight');
  });

  it('still refuses origins that are not on the list, including look-alikes', async () => {
    for (const origin of [OTHER, 'http://localhost:5174', 'https://localhost:5173', 'http://localhost:5173.evil.example']) {
      expect((await raw(open.url, 'GET', '/api/v1/graphs', { origin })).status, origin).toBe(403);
      const pre = await preflight(open.url, origin);
      expect(pre.status, origin).toBe(403);
      expect(header(pre, 'access-control-allow-origin'), origin).toBeUndefined();
    }
  });
});
