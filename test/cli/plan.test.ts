import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGraph } from '@coinlab/shared';
import { catalog } from '@coinlab/nodes';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli, type CliResult } from '../support/cli';
import { CLI_ENTRY, REPO_ROOT } from '../support/paths';
import { LAB_FILES } from '../support/lab';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'coinlab-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The goal asks to approve the model: the plan's approval gate is then required (automatic otherwise).
const GOAL = 'predict when ETH/BTC rises 1% within an hour, let me approve the model';

/** JSON printed by --json, or an error that shows what else was printed. */
function parseJson<T>(stdout: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not one JSON document (${String(err)}): ...${stdout.slice(-300)}`);
  }
}

/** Like runCli, with text piped to stdin (answers for --approve prompt). */
function runCliWithInput(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: '', COINLAB_DATA_DIR: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ...env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.each(testDatabases())('coinlab plan ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    const imported = await runCli(['import', ...LAB_FILES()], env);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(async () => db?.dispose());

  it(`"${GOAL}" --run works offline and ends with a report`, async () => {
    const out = path.join(tmp, `plan-${target.name}.json`);
    const res = await runCli(['plan', GOAL, '--run', '--out', out], env);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/planned "ETH\/BTC: rise of 1% within 1 hour \(logistic regression vs random forest\)" \(15 nodes, 24 edges, offline planner\)/);
    expect(res.stdout).toMatch(/dry run on the last 1500 bars: ok/);
    expect(res.stderr).toContain('approve_model: approve (--approve auto)');
    expect(res.stdout).toMatch(/SUCCEEDED in/);
    expect(res.stdout).toMatch(/── report "ETH\/BTC: rise of 1% within 1 hour"/);
    expect(res.stdout).toContain('## Comparison by ROC-AUC');
    expect(res.stdout.trimEnd().split('\n').slice(-40).join('\n')).toMatch(/Backtest|Charts/);
    expect(res.stderr).toContain('approval gates are approved automatically');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as unknown;
    expect(validateGraph(doc, catalog).ok).toBe(true);
  });

  it('an ambiguous goal exits 2 with the question and the --answer to give; the answer continues', async () => {
    const asked = await runCli(['plan', 'predict when the price rises 1% within an hour'], env);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('? Which coin should the plan use?');
    expect(asked.stderr).toContain('answer with --answer coins=VALUE (default: ETH_BTC)');
    const answered = await runCli(['plan', 'predict when the price rises 1% within an hour', '--answer', 'coins=LTC_BTC', '--no-dry-run', '--json'], env);
    expect(answered.code, answered.stderr).toBe(0);
    const plan = parseJson<{ status: string; intent: { coins: string[] } }>(answered.stdout);
    expect(plan).toMatchObject({ status: 'planned', intent: { coins: ['LTC_BTC'] } });
  });

  it('--approve reject stops the gated branch; --approve prompt takes an override from stdin', async () => {
    const rejected = await runCli(['plan', GOAL, '--run', '--approve', 'reject', '--no-dry-run', '--json'], env);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.stderr).toContain('approve_model: reject (--approve reject)');
    const summary = parseJson<{ status: string; reports: unknown[] }>(rejected.stdout);
    expect(summary).toMatchObject({ status: 'succeeded', reports: [] });

    const out = path.join(tmp, `prompt-${target.name}.json`);
    expect((await runCli(['plan', GOAL, '--out', out, '--no-dry-run'], env)).code).toBe(0);
    const prompted = await runCliWithInput(['run', out, '--approve', 'prompt'], env, 'o\nlogistic_regression\nsimpler model\n');
    expect(prompted.code, prompted.stdout + prompted.stderr).toBe(0);
    expect(prompted.stderr).toContain('[a]pprove / [r]eject / [o]verride?');
    expect(prompted.stderr).toContain('| model | algorithm |');
    expect(prompted.stderr).toContain('approve_model: override logistic_regression (simpler model)');
  });
});
