import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, predictProbaLogistic } from '../logistic-regression';
import { matrixFromColumns } from '../matrix';
import { createRng } from '../random';
import { logLoss } from './probabilistic';
import { permutationImportance } from './permutation-importance';
import { rocAuc } from './ranking';

describe('permutation importance', () => {
  const rng = createRng(1);
  const n = 600;
  const signal = Array.from({ length: n }, () => rng.next() * 2 - 1);
  const noise = Array.from({ length: n }, () => rng.next() * 2 - 1);
  const y = signal.map((s) => (s + 0.3 * (rng.next() - 0.5) > 0 ? 1 : 0));
  const X = matrixFromColumns([
    { name: 'noise', values: noise },
    { name: 'signal', values: signal },
  ]);
  const model = fitLogisticRegression(X, y);
  const predict = (m: typeof X): Float64Array => predictProbaLogistic(model, m);

  it('ranks the informative feature first and the noise near zero', () => {
    const r = permutationImportance({ predict, X, y, metric: rocAuc, nRepeats: 5, seed: 3 });
    expect(r.names).toEqual(['noise', 'signal']);
    expect(r.mean[1]).toBeGreaterThan(0.3);
    expect(Math.abs(r.mean[0] as number)).toBeLessThan(0.02);
    expect(r.raw[1]).toHaveLength(5);
    expect(r.std[1]).toBeGreaterThanOrEqual(0);
    expect(r.baseline).toBeCloseTo(rocAuc(y, predict(X)), 15);
    // X is left untouched.
    expect(Array.from(X.data.subarray(0, 4))).toEqual([noise[0], signal[0], noise[1], signal[1]]);
  });

  it('is deterministic for a seed and flips sign for losses', () => {
    const a = permutationImportance({ predict, X, y, metric: rocAuc, seed: 9 });
    const b = permutationImportance({ predict, X, y, metric: rocAuc, seed: 9 });
    expect(a).toEqual(b);
    const loss = permutationImportance({ predict, X, y, metric: logLoss, greaterIsBetter: false, seed: 9 });
    expect(loss.mean[1]).toBeGreaterThan(0.1);
  });
});
