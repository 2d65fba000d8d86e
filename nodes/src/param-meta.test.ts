import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from './registry';

/**
 * The planner reads goals onto params through their metadata (synonyms and units): every
 * param metadata entry must name a real param, and a unit must fit the param's values.
 */
describe.each(registry.map((n) => [n.type, n] as const))('param metadata: %s', (_type, node) => {
  it('names only params the node has, with units that fit their values', () => {
    const shape = (node.params as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [param, ui] of Object.entries(node.ui.params ?? {})) {
      expect(Object.keys(shape), `${node.type}: ui.params.${param}`).toContain(param);
      if (!ui.unit) continue;
      expect(ui.synonyms?.length ?? 0, `${node.type}.${param}: a unit without words to name the param`).toBeGreaterThan(0);
      for (const s of ui.synonyms ?? []) expect(s.trim().length, `${node.type}.${param}`).toBeGreaterThan(0);
      const sample = ui.unit === 'date' ? '2018-01-10' : ui.unit === 'fraction' ? 0.25 : ui.unit === 'number' ? 0.5 : 3;
      const parsed = node.params.safeParse({ [param]: sample });
      expect(parsed.success, `${node.type}.${param} (${ui.unit}) refuses ${JSON.stringify(sample)}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    }
  });
});

describe('param metadata: the words that set a goal\'s settings', () => {
  it('covers trees, depth, fees, slippage, folds, the test share, the horizon and both directions', () => {
    const words = new Map<string, string[]>();
    for (const n of registry) for (const [p, ui] of Object.entries(n.ui.params ?? {})) if (ui.unit) words.set(`${n.type}.${p}`, [...(ui.synonyms ?? [])]);
    expect(words.get('train.random_forest_classifier.nTrees')).toContain('trees');
    expect(words.get('train.random_forest_classifier.maxDepth')).toContain('depth');
    expect(words.get('backtest.long_flat.feeBps')).toContain('fees');
    expect(words.get('backtest.long_flat.slippageBps')).toContain('slippage');
    expect(words.get('split.walk_forward.folds')).toContain('folds');
    expect(words.get('split.train_test.testFraction')).toContain('test');
    expect(words.get('target.rise_within.risePct')).toContain('rise');
    expect(words.get('target.fall_within.fallPct')).toContain('fall');
    // A fee is never a move: the targets' words and the backtest's costs do not overlap.
    expect(words.get('target.rise_within.risePct')).not.toContain('fees');
    expect(words.get('target.fall_within.fallPct')).not.toContain('fees');
  });
});
