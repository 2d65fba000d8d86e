import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dimensionFor, searchableParams } from './search-space';

describe('searchableParams', () => {
  it('offers bounded numbers as ranges, enums and booleans as choices, and skips unbounded params', () => {
    const schema = z.toJSONSchema(
      z.object({ x: z.number().min(0).max(1), k: z.number().int().min(1).max(10), kind: z.enum(['a', 'b']), on: z.boolean(), free: z.number(), label: z.string() }),
      { io: 'input' },
    ) as Record<string, unknown>;
    expect(searchableParams(schema)).toEqual([
      { param: 'x', type: 'float', min: 0, max: 1 },
      { param: 'k', type: 'int', min: 1, max: 10 },
      { param: 'kind', type: 'choice', values: ['a', 'b'] },
      { param: 'on', type: 'choice', values: [true, false] },
    ]);
  });
  it('builds the API dimension for a node', () => {
    expect(dimensionFor('bt', { param: 'k', type: 'int', min: 1, max: 10 })).toEqual({ node: 'bt', param: 'k', type: 'int', min: 1, max: 10 });
    expect(dimensionFor('bt', { param: 'kind', type: 'choice', values: ['a', 'b'] })).toEqual({ node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b'] });
  });
});
