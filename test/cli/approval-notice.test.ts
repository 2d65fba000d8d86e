import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocumentInput } from '@coinlab/shared';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { servedEmbeddedFolder } from '../support/serve';

/**
 * Without --approve and without a terminal (these tests' stdin is not one), approval gates are
 * approved automatically, and the CLI says so: once, when a run has started whose graph has a
 * gate that pauses for a person. Not for a graph without one, nor when nothing runs.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-approval-notice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NOTICE = 'approval gates are approved automatically';
const times = (text: string, part: string) => text.split(part).length - 1;

/** A graph that needs no market data: a wait, and (optionally) approval gates after it. */
function graphFile(name: string, gates: Record<string, Record<string, unknown>>): string {
  const doc: GraphDocumentInput = {
    version: 2,
    name,
    nodes: [{ id: 'wait', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 } }, ...Object.entries(gates).map(([id, params]) => ({ id, type: 'approval.gate', typeVersion: 1, params }))],
    edges: Object.keys(gates).map((id) => ({ source: { node: 'wait', port: 'value' }, target: { node: id, port: 'value' } })),
  };
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const noGate = () => graphFile('no-gate', {});
const automaticGate = () => graphFile('automatic-gate', { gate: { mode: 'automatic' } });
// Two gates that pause: the notice is still one line.
const twoPausingGates = () => graphFile('pausing-gates', { gate: { mode: 'required' }, review: { mode: 'optional' } });
const invalidWithGate = () => graphFile('invalid', { gate: { mode: 'required' }, bad: { mode: 'sometimes' } });

const output = (r: CliResult) => r.stdout + r.stderr;

describe('the approvals notice when no run starts (no database)', () => {
  const unreachable = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nope' };

  it('says nothing when the database cannot be reached', async () => {
    const res = await runCli(['run', twoPausingGates()], unreachable);
    expect(res.code, output(res)).toBe(3);
    expect(res.stderr).not.toContain(NOTICE);
  });

  it('says nothing for an invalid graph (exit 2, before any database is asked)', async () => {
    const res = await runCli(['run', invalidWithGate()], unreachable);
    expect(res.code, output(res)).toBe(2);
    expect(res.stderr).toContain('nodes[2].params.mode');
    expect(res.stderr).not.toContain(NOTICE);
  });
});

describe.each(testDatabases())('the approvals notice of `coinlab run` and `coinlab plan --run` ($name database)', (target) => {
  let db: ProvisionedDatabase;
  beforeAll(async () => {
    db = await target.provision();
  });
  afterAll(async () => db?.dispose());

  it('is not printed for a graph without a gate, nor for a gate that never pauses', async () => {
    for (const file of [noGate(), automaticGate()]) {
      const res = await runCli(['run', file], dbEnv(db));
      expect(res.code, output(res)).toBe(0);
      expect(res.stdout).toContain('SUCCEEDED');
      expect(res.stderr, file).not.toContain(NOTICE);
    }
  });

  it('is printed once for a graph whose gates pause, and the gates are approved', async () => {
    const res = await runCli(['run', twoPausingGates()], dbEnv(db));
    expect(res.code, output(res)).toBe(0);
    expect(times(res.stderr, NOTICE)).toBe(1);
    expect(res.stderr).toContain('gate: approve (--approve auto)');
    expect(res.stderr).toContain('review: approve (--approve auto)');
  });

  it('is not printed when --approve is given', async () => {
    const res = await runCli(['run', twoPausingGates(), '--approve', 'auto'], dbEnv(db));
    expect(res.code, output(res)).toBe(0);
    expect(res.stderr).not.toContain(NOTICE);
  });

  it('is not printed for an invalid graph', async () => {
    const res = await runCli(['run', invalidWithGate()], dbEnv(db));
    expect(res.code, output(res)).toBe(2);
    expect(res.stderr).not.toContain(NOTICE);
  });

  it('is not printed by `plan --run` when planning ends without a run', async () => {
    // This database has no market data: the planner refuses the goal, nothing runs.
    const res = await runCli(['plan', 'predict when ETH/BTC rises 1% within an hour, let me approve the model', '--run', '--no-dry-run'], dbEnv(db));
    expect(res.code, output(res)).toBe(2);
    expect(res.stderr).toContain('coinlab plan: there is no market data yet');
    expect(res.stderr).not.toContain(NOTICE);
  });
});

describe('the approvals notice through the server holding the data folder', () => {
  const served = servedEmbeddedFolder();

  it('is printed once for a graph whose gates pause, and not for one without a gate', async () => {
    const gated = await runCli(['run', twoPausingGates()], dbEnv(served.db));
    expect(gated.code, output(gated)).toBe(0);
    expect(gated.stderr).toContain(`the server at ${served.server.url}`);
    expect(times(gated.stderr, NOTICE)).toBe(1);
    expect(gated.stderr).toContain('gate: approve (--approve auto)');

    const plain = await runCli(['run', noGate()], dbEnv(served.db));
    expect(plain.code, output(plain)).toBe(0);
    expect(plain.stderr).toContain(`the server at ${served.server.url}`);
    expect(plain.stderr).not.toContain(NOTICE);
  }, 300_000);
});
