import { afterAll, beforeAll, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { market5mFiles } from '../support/paths';

/**
 * After a headless run the CLI prints the figures a user came for — backtest stats and model
 * metrics — by the shared rule per kind of quantity: the same "1.48%" the inspector and the
 * report show, never the raw fraction 0.014815; counts with thousands separators.
 */
let db: ProvisionedDatabase;
beforeAll(async () => {
  db = await embeddedTarget.provision();
  const imported = await runCli(['import', ...market5mFiles().filter((f) => /(ETH|LTC|XLM)_BTC-5m/.test(f))], dbEnv(db));
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(async () => db?.dispose());

it('prints backtest stats and metrics formatted by kind after a run', async () => {
  const res = await runCli(['run', 'template:backtest-quality-gate', '--approve', 'auto'], dbEnv(db));
  expect(res.code, res.stdout + res.stderr).toBe(0);
  const backtest = res.stdout.split('\n').find((l) => l.includes('Backtest') && l.includes('totalReturn'));
  expect(backtest, res.stdout).toBeDefined();
  expect(backtest).toMatch(/totalReturn -?\d+\.\d{2}%, sharpe -?[\d.]+/);
  expect(backtest).toMatch(/maxDrawdown \d+\.\d{2}%/);
  expect(backtest).toMatch(/bars \d{1,3}(,\d{3})+/);
  expect(res.stdout).toMatch(/Evaluate: auc 0\.\d{1,4}, .* on \d{1,3}(,\d{3})* rows/);
  // No figure is left as a raw fraction with many digits.
  expect(backtest).not.toMatch(/totalReturn 0\.\d{4,}/);
});
