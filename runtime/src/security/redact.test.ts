import { describe, expect, it } from 'vitest';
import { createRedactor, newCleanSet, REDACTED, secretsFromEnv } from './redact';

const KEY = 'lab-key-4f1c9e2b7a6d';

describe('redactor', () => {
  const r = createRedactor({
    env: {
      OPENAI_API_KEY: KEY,
      COINLAB_SECRET_KEY: 'ab'.repeat(32),
      COINLAB_WEBHOOK_TOKEN: 'tok_9876543210',
      DATABASE_URL: 'postgres://coin:p%40ss-w0rd!@db.internal:5432/lab',
      HOME: '/home/someone',
      PWD: '/work/somewhere',
      OPENAI_MODEL: 'gpt-4o-mini',
      SHORT_TOKEN: 'abc',
    },
  });

  it('redacts the values of secret environment variables wherever they appear', () => {
    expect(r.text(`401 Incorrect API key provided: ${KEY}.`)).toBe(`401 Incorrect API key provided: ${REDACTED}.`);
    expect(r.text(`key=${'ab'.repeat(32)} tok_9876543210`)).toBe(`key=${REDACTED} ${REDACTED}`);
    // A URL password, raw and percent-decoded.
    expect(r.text('connect p@ss-w0rd! failed')).toBe(`connect ${REDACTED} failed`);
    expect(r.text('p%40ss-w0rd!')).toBe(REDACTED);
  });

  it('leaves what is not secret alone: paths, model names, short values, numbers', () => {
    for (const s of ['/home/someone/.coinlab', '/work/somewhere', 'gpt-4o-mini', 'abc and more text', '{"inputTokens":123456789,"outputTokens":20}', 'maxTokensPerTurn: 2048', 'tokens=12345678']) {
      expect(r.text(s)).toBe(s);
    }
  });

  it('redacts secret shapes that were never configured', () => {
    const c = createRedactor();
    expect(c.text('key sk-proj-AbCdEf0123456789xyz_-AB in text')).toBe(`key ${REDACTED} in text`);
    expect(c.text('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(c.text('curl -H "authorization: Basic dXNlcjpwYXNzd29yZA=="')).toBe(`curl -H "authorization: Basic ${REDACTED}"`);
    expect(c.text('redis://default:hunter2hunter2@cache:6379/0')).toBe(`redis://default:${REDACTED}@cache:6379/0`);
    expect(c.text('https://user:pw@example.com/x')).toBe(`https://user:${REDACTED}@example.com/x`);
    expect(c.text('GET /x?api_key=abcdef123456&page=2')).toBe(`GET /x?api_key=${REDACTED}&page=2`);
    expect(c.text('{"apiKey": "zzzzzzzzzz", "model": "m"}')).toBe(`{"apiKey": "${REDACTED}", "model": "m"}`);
    expect(c.text('password=correct-horse')).toBe(`password=${REDACTED}`);
    expect(c.text('token: abcdefgh1234')).toBe(`token: ${REDACTED}`);
    expect(c.text('ghp_0123456789abcdefghijABCDEFGHIJ0123')).toBe(REDACTED);
    expect(c.text('AKIAIOSFODNN7EXAMPLE')).toBe(REDACTED);
    expect(c.text('cat .coinlab/cli-token: coinlab_3q2-7wXyZab_cdEFghIJklMNopQRstUVwxYZ0123456')).toBe(`cat .coinlab/cli-token: ${REDACTED}`);
    expect(c.text('the coinlab_session cookie')).toBe('the coinlab_session cookie'); // a name, not a token
    // Already redacted text stays as it is (idempotent).
    const once = c.text('Bearer abcdefghijkl and password=xyzxyzxyz');
    expect(c.text(once)).toBe(once);
  });

  it('redacts a JSON-like value deeply, copying only what changed', () => {
    const numbers = new Float64Array([1, 2, 3]);
    const untouched = { a: [1, 2, 3], b: 'plain text here' };
    const value = { untouched, numbers, at: new Date(0), list: [1, null, `x ${KEY}`], nested: { [KEY]: { msg: `Bearer ${KEY}` } } };
    const out = r.value(value);
    expect(out.untouched).toBe(untouched);
    expect(out.numbers).toBe(numbers);
    expect(out.at).toBe(value.at);
    expect(out.list).toEqual([1, null, `x ${REDACTED}`]);
    expect(out.nested).toEqual({ [REDACTED]: { msg: `Bearer ${REDACTED}` } });
    expect(JSON.stringify(out)).not.toContain(KEY);
    // The input is not changed.
    expect(value.list[2]).toBe(`x ${KEY}`);
    expect(r.value(untouched)).toBe(untouched);
  });

  it('walks an unchanging value once, yet still redacts what a new value or a new secret exposes', () => {
    const local = createRedactor({ env: { OPENAI_API_KEY: KEY } });
    const seen = newCleanSet();
    const dataset = { features: ['rsi_14'], groups: [{ coin: 'ETH_BTC', ts: [1, 2], columns: { rsi_14: [50, 51] } }] };
    const first = { dataset };
    expect(local.immutableValue(first, seen)).toBe(first);
    // A later output holding the same dataset and a secret of its own: the secret is found, the dataset kept as is.
    const later = { splits: { dataset }, note: `called with ${KEY}` };
    const out = local.immutableValue(later, seen);
    expect(out.note).toBe(`called with ${REDACTED}`);
    expect(out.splits.dataset).toBe(dataset);
    // The remembered dataset is really skipped: a string slipped into it afterwards goes unseen...
    const late = 'also-secret-7c2e91d04b';
    dataset.features.push(late);
    expect(local.immutableValue({ dataset }, seen).dataset.features).toContain(late);
    // ...until that string becomes a secret: everything is walked again.
    local.add(late);
    expect(local.immutableValue({ dataset }, seen).dataset.features).toEqual(['rsi_14', REDACTED]);
    // Without a clean set nothing is remembered.
    expect(local.value({ dataset }).dataset.features).toEqual(['rsi_14', REDACTED]);
  });

  it('takes secrets registered at run time', () => {
    const c = createRedactor();
    const key = 'my-own-provider-key-123';
    expect(c.text(key)).toBe(key);
    c.add(key);
    c.add('short');
    c.add(null);
    expect(c.text(`using ${key}`)).toBe(`using ${REDACTED}`);
    expect(c.text('short')).toBe('short');
  });

  it('reads secrets from the environment by name and from URLs with passwords', () => {
    expect(secretsFromEnv({ OPENAI_API_KEY: KEY, PWD: '/tmp/somewhere', REDIS_URL: 'redis://:s3cr3tpass@h:1', NODE_ENV: 'production', X_TOKEN: 'short' }).sort()).toEqual([KEY, 's3cr3tpass'].sort());
  });
});
