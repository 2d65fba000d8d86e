import { describe, expect, it } from 'vitest';
import { CONSTRAINT_FIELDS, LIMIT_FIELDS, initialRange, narrowedDimension, numberGroups } from './spec-fields';

const x = { param: 'x', type: 'float', min: 0, max: 1 } as const;
const k = { param: 'k', type: 'int', min: 1, max: 10 } as const;

describe('narrowedDimension', () => {
  it('starts at the schema bounds, with step 1 for integers and none for floats', () => {
    expect(initialRange(k)).toEqual({ min: '1', max: '10', step: '1' });
    expect(initialRange(x)).toEqual({ min: '0', max: '1', step: '' });
    expect(narrowedDimension('bt', k, initialRange(k), 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'k', type: 'int', min: 1, max: 10, step: 1 } });
    expect(narrowedDimension('bt', x, initialRange(x), 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'x', type: 'float', min: 0, max: 1 } });
  });
  it('narrows the range and takes a step', () => {
    expect(narrowedDimension('bt', x, { min: '0.2', max: '0.6', step: '0.05' }, 'searchSpace.1')).toEqual({ dimension: { node: 'bt', param: 'x', type: 'float', min: 0.2, max: 0.6, step: 0.05 } });
    expect(narrowedDimension('bt', k, { min: '2', max: '8', step: '2' }, 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'k', type: 'int', min: 2, max: 8, step: 2 } });
  });
  it('names each bad field by its spec path', () => {
    expect(narrowedDimension('bt', x, { min: '-0.5', max: '2', step: '' }, 'searchSpace.1')).toEqual({ problems: { 'searchSpace.1.min': 'must be within 0..1', 'searchSpace.1.max': 'must be within 0..1' } });
    expect(narrowedDimension('bt', k, { min: '5', max: '5', step: '1.5' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.max': 'must be above min (5)', 'searchSpace.0.step': 'must be a whole number' } });
    expect(narrowedDimension('bt', k, { min: '2', max: '4', step: '3' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.step': 'is larger than the range 2..4' } });
    expect(narrowedDimension('bt', x, { min: 'abc', max: '1', step: '0' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.min': 'must be a number', 'searchSpace.0.step': 'must be above 0' } });
  });
});

describe('numberGroups', () => {
  const fields = [...CONSTRAINT_FIELDS, ...LIMIT_FIELDS];
  it('sends only the filled fields, in the spec units (wall clock typed in hours, stored in seconds)', () => {
    const { groups, problems } = numberGroups(fields, {
      'constraints.minWinRate': '0.55',
      'constraints.minTrades': '10',
      'constraints.minSharpe': '',
      'limits.cooldownSeconds': '30',
      'limits.llmDailyBudgetUsd': '2.5',
      'limits.wallClockSeconds': '1.5',
      'stopRules.minImprovement': '0.001',
    });
    expect(problems).toEqual({});
    expect(groups).toEqual({ constraints: { minWinRate: 0.55, minTrades: 10 }, limits: { cooldownSeconds: 30, llmDailyBudgetUsd: 2.5, wallClockSeconds: 5400 }, stopRules: { minImprovement: 0.001 } });
  });
  it('rejects what the runtime would reject, naming the field', () => {
    expect(
      numberGroups(fields, {
        'constraints.minWinRate': '55',
        'constraints.maxDrawdown': '-0.1',
        'constraints.minTrades': '2.5',
        'constraints.minSharpe': 'x',
        'limits.maxIterationsPerDay': '0',
        'limits.wallClockSeconds': '0',
      }).problems,
    ).toEqual({
      'constraints.minWinRate': 'must be at most 1',
      'constraints.maxDrawdown': 'must be at least 0',
      'constraints.minTrades': 'must be a whole number',
      'constraints.minSharpe': 'must be a number',
      'limits.maxIterationsPerDay': 'must be at least 1',
      'limits.wallClockSeconds': 'must be above 0',
    });
  });
});
