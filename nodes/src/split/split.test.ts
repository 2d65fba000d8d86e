import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import { sampleCandles } from '../testing/port-fixtures';
import { exampleDataset } from './example-dataset';
import { runNode } from './test-kit';
import { usableRows } from './rows';
import trainTest from './train-test.node.ts';
import walkForward from './walk-forward.node.ts';

const services = createMemoryServices();
const dataset = exampleDataset(sampleCandles(1000), { horizon: 12 });

describe('split.train_test', () => {
  it('cuts each coin at the fraction of its usable rows and purges the horizon before the test rows', async () => {
    const { splits } = await runNode(trainTest, {}, { dataset }, services);
    expect(splits.folds).toHaveLength(1);
    expect(splits.purgeBars).toBe(12);
    for (const g of dataset.groups) {
      const rows = usableRows(dataset, g);
      const cut = Math.floor(rows.length * 0.8);
      const train = splits.folds[0]!.train.find((r) => r.coin === g.coin)!;
      const test = splits.folds[0]!.test.find((r) => r.coin === g.coin)!;
      expect(test.start).toBe(rows[cut]);
      expect(test.end).toBe(rows[rows.length - 1]! + 1);
      expect(train.start).toBe(rows[0]);
      // No training label (looking 12 rows ahead) reaches into the test rows.
      expect(train.end - 1 + dataset.horizon).toBeLessThan(test.start);
      expect(train.end).toBe(test.start - 12);
    }
  });

  it('splits by date', async () => {
    const g = dataset.groups[0]!;
    const at = g.ts[700]!;
    const { splits } = await runNode(trainTest, { by: 'date', testFrom: new Date(at).toISOString() }, { dataset }, services);
    const test = splits.folds[0]!.test.find((r) => r.coin === g.coin)!;
    expect(test.start).toBe(700);
    expect(splits.folds[0]!.train.find((r) => r.coin === g.coin)!.end).toBe(688);
  });

  it('refuses a purge shorter than the horizon, naming the parameter', async () => {
    await expect(runNode(trainTest, { purgeBars: 3 }, { dataset }, services)).rejects.toThrow(/params\.purgeBars/);
  });

  it('names the parameter when the split leaves nothing to train or test on', async () => {
    await expect(runNode(trainTest, { by: 'date', testFrom: '2100-01-01' }, { dataset }, services)).rejects.toThrow(/params\.testFrom: leaves no test rows/);
    await expect(runNode(trainTest, { by: 'date', testFrom: '2000-01-01' }, { dataset }, services)).rejects.toThrow(/params\.testFrom: leaves no training rows/);
    expect(trainTest.params.safeParse({ by: 'date' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['testFrom']);
    const long = exampleDataset(sampleCandles(60), { horizon: 50 });
    await expect(runNode(trainTest, {}, { dataset: long }, services)).rejects.toThrow(/inputs\.dataset: LTC_BTC has no usable rows: the target horizon \(50 bars\) is longer than the data \(60 rows\)|ETH_BTC has no usable rows/);
  });
});

describe('split.walk_forward', () => {
  it('makes consecutive test blocks with expanding training windows and a purge gap', async () => {
    const { splits } = await runNode(walkForward, { folds: 4 }, { dataset }, services);
    expect(splits.folds.map((f) => f.name)).toEqual(['fold1', 'fold2', 'fold3', 'fold4']);
    for (const g of dataset.groups) {
      const rows = usableRows(dataset, g);
      const t = Math.floor(rows.length / 5);
      let prevTestEnd = -1;
      splits.folds.forEach((f, i) => {
        const train = f.train.find((r) => r.coin === g.coin)!;
        const test = f.test.find((r) => r.coin === g.coin)!;
        expect(train.start).toBe(rows[0]);
        expect(test.start).toBe(rows[rows.length - (4 - i) * t]);
        expect(test.start - train.end).toBe(12);
        if (prevTestEnd >= 0) expect(test.start).toBe(prevTestEnd);
        prevTestEnd = test.end;
      });
      expect(prevTestEnd).toBe(rows[rows.length - 1]! + 1);
    }
  });

  it('keeps rolling windows at a fixed length', async () => {
    const { splits } = await runNode(walkForward, { folds: 3, window: 'rolling', trainRows: 200 }, { dataset }, services);
    for (const f of splits.folds) {
      for (const r of f.train) expect(r.end - r.start).toBeLessThanOrEqual(200 + 1);
      for (const r of f.train) expect(r.end - r.start).toBeGreaterThanOrEqual(199);
    }
  });

  it('names the parameter when the folds do not fit', async () => {
    await expect(runNode(walkForward, { folds: 3, testRows: 5000 }, { dataset }, services)).rejects.toThrow(/params\.testRows/);
    await expect(runNode(walkForward, { purgeBars: 2 }, { dataset }, services)).rejects.toThrow(/params\.purgeBars/);
    const tiny = exampleDataset(sampleCandles(40), { horizon: 12 });
    await expect(runNode(walkForward, { folds: 20 }, { dataset: tiny }, services)).rejects.toThrow(/params\.(folds|purgeBars)/);
  });
});
