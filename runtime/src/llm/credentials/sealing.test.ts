import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { embeddedTarget } from '../../db/testing/test-databases';
import { createRuntime } from '../../runtime';
import { loadLlmConfig } from '../config';
import { SECRET_KEY_FILE } from '../../security/secret-key';
import { keyHint, keySealer } from './sealing';
import { credentialConfig, limitsFrom } from './to-config';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'coinlab-seal-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('key hints', () => {
  it('shows a provider prefix and the last four characters of a long key only', () => {
    expect(keyHint('sk-proj-abcdefghijklmnop1234')).toEqual({ prefix: 'sk-', last4: '1234' });
    expect(keyHint('abcdefghijklmnop9876')).toEqual({ prefix: '', last4: '9876' });
    // A short key would be half shown by its last four: nothing of it is.
    expect(keyHint('sk-short12')).toEqual({ prefix: '', last4: '' });
  });
});

describe('sealing with the data directory key', () => {
  it('creates the key file on first use only, mode 0600, and binds a sealed key to its row', () => {
    const dir = tmp();
    const sealer = keySealer({ dataDir: dir, env: {} });
    expect(() => statSync(path.join(dir, SECRET_KEY_FILE))).toThrow();
    const sealed = sealer.seal('row-1', 'sk-secret-value-123456');
    expect(statSync(path.join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(sealed).not.toContain('sk-secret-value-123456');
    expect(keySealer({ dataDir: dir, env: {} }).open('row-1', sealed)).toBe('sk-secret-value-123456');
    expect(() => sealer.open('row-2', sealed)).toThrow(/could not be opened/);
    expect(() => keySealer({ dataDir: tmp(), env: {} }).open('row-1', sealed)).toThrow(/could not be opened/);
  });

  it('a stored key opens after the runtime restarts on its data directory (embedded, key file generated there)', async () => {
    vi.stubEnv('COINLAB_SECRET_KEY', '');
    const db = await embeddedTarget.provision();
    try {
      const key = 'sk-restart-0123456789abcdef';
      let rt = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false, llmConfig: loadLlmConfig({}) });
      await rt.llm.credentials!.put('user', rt.ownerId, { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: key });
      await rt.close();
      expect(statSync(path.join(db.dataDir!, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
      rt = await createRuntime({ dataDir: db.dataDir!, resumeRuns: false, llmConfig: loadLlmConfig({}) });
      try {
        const resolved = await rt.llm.resolve(rt.ownerId);
        expect(resolved).toMatchObject({ source: 'user', config: { configured: true, apiKey: key, model: 'm' } });
        expect(resolved.service.available).toBe(true);
      } finally {
        await rt.close();
      }
    } finally {
      await db.dispose();
    }
  });
});

describe('a stored credential as a configuration', () => {
  const record = { id: 'r', scope: 'team' as const, userId: null, baseUrl: 'http://h/v1/', model: 'mine', keyCiphertext: null, keyPrefix: '', keyLast4: '', prices: { inputPerMTokens: 2, outputPerMTokens: 5 }, updatedBy: 'u', updatedAt: new Date() };
  it("keeps the environment's limits and adds its model's price", () => {
    const env = loadLlmConfig({ OPENAI_BASE_URL: 'http://env/v1', OPENAI_MODEL: 'x', LLM_TIMEOUT_MS: '1234', LLM_PRICES: '{"x":{"input":1,"output":1}}' });
    const cfg = credentialConfig(record, 'k', limitsFrom(env));
    expect(cfg).toMatchObject({ baseUrl: 'http://h/v1', model: 'mine', apiKey: 'k', timeoutMs: 1234 });
    expect(cfg.prices).toMatchObject({ mine: { input: 2, output: 5 }, x: { input: 1, output: 1 } });
  });
  it('uses the LLM_* limits of an environment without an endpoint, or the defaults', () => {
    expect(limitsFrom(loadLlmConfig({}), { LLM_TIMEOUT_MS: '777' }).timeoutMs).toBe(777);
    expect(limitsFrom(loadLlmConfig({}), { LLM_TIMEOUT_MS: 'soon' }).timeoutMs).toBe(60_000);
  });
});
