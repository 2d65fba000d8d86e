import { describe, expect, it } from 'vitest';
import { jsonShapeProblems } from './json-shape';

describe('jsonShapeProblems', () => {
  it('finds the first container nested too deep, without recursion of its own', () => {
    const deep = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)) as unknown;
    const problems = jsonShapeProblems({ a: deep }, { maxDepth: 10 });
    expect(problems).toEqual([{ path: 'a[0][0][0][0][0][0][0][0][0]', message: 'is nested more than 10 levels deep' }]);
  });

  it('names NUL in keys and strings by path, quoting keys that are not identifiers', () => {
    expect(jsonShapeProblems({ nodes: [{ id: 'a\u0000' }], metadata: { 'x y\u0000': 1 } }, { prefix: 'document' })).toEqual([
      { path: 'document.nodes[0].id', message: 'must not contain the NUL character (\\u0000)' },
      { path: 'document.metadata["x y\\u0000"]', message: 'key must not contain the NUL character (\\u0000)' },
    ]);
    expect(jsonShapeProblems({ ok: ['fine', 1, null, { constructor: 'x' }] })).toEqual([]);
  });
});
