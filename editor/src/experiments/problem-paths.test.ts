import { describe, expect, it } from 'vitest';
import { formPathOf, problemsByField } from './problem-paths';

describe('server problem paths to form fields', () => {
  it('reads the runtime\'s bracketed indices as the form\'s field keys', () => {
    expect(formPathOf('searchSpace[0].min')).toBe('searchSpace.0.min');
    expect(formPathOf('searchSpace[12].step')).toBe('searchSpace.12.step');
    expect(formPathOf('searchSpace[1].scale')).toBe('searchSpace.1.scale');
    expect(formPathOf('evaluation.holdoutFrom')).toBe('evaluation.holdoutFrom');
    expect(formPathOf('autoApprove.minImprovement')).toBe('autoApprove.minImprovement');
    expect(formPathOf('searchSpace')).toBe('searchSpace');
  });
  it('shows what has no input of its own at the nearest field: a choice value at the row\'s values, log at scale, node or param at the row', () => {
    expect(formPathOf('searchSpace[2].values[1]')).toBe('searchSpace.2.values');
    expect(formPathOf('searchSpace[0].log')).toBe('searchSpace.0.scale');
    expect(formPathOf('searchSpace[3].param')).toBe('searchSpace.3');
    expect(formPathOf('searchSpace[3].node')).toBe('searchSpace.3');
  });
  it('keeps every message when two problems land on one field', () => {
    expect(problemsByField([
      { path: 'searchSpace[0].values[0]', message: 'repeats "a"' },
      { path: 'searchSpace[0].values[2]', message: '"z" is outside the schema' },
      { path: 'evaluation.to', message: 'must not be before holdoutFrom' },
    ])).toEqual({ 'searchSpace.0.values': 'repeats "a"; "z" is outside the schema', 'evaluation.to': 'must not be before holdoutFrom' });
  });
});
