import { describe, expect, it } from 'vitest';
import { AUTO_APPROVE_MARGIN, CONSTRAINT_FIELDS, LIMIT_FIELDS, initialRange, narrowedChoice, narrowedDimension, numberGroups } from './spec-fields';

const x = { param: 'x', type: 'float', min: 0, max: 1 } as const;
const k = { param: 'k', type: 'int', min: 1, max: 10 } as const;

describe('narrowedDimension', () => {
  it('starts at the schema bounds, with step 1 for integers and none for floats', () => {
    expect(initialRange(k)).toEqual({ min: '1', max: '10', step: '1', scale: 'linear' });
    expect(initialRange(x)).toEqual({ min: '0', max: '1', step: '', scale: 'linear' });
    expect(narrowedDimension('bt', k, initialRange(k), 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'k', type: 'int', min: 1, max: 10, step: 1, scale: 'linear' } });
    expect(narrowedDimension('bt', x, initialRange(x), 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'x', type: 'float', min: 0, max: 1, scale: 'linear' } });
  });
  it('narrows the range and takes a step', () => {
    expect(narrowedDimension('bt', x, { min: '0.2', max: '0.6', step: '0.05', scale: 'linear' }, 'searchSpace.1')).toEqual({ dimension: { node: 'bt', param: 'x', type: 'float', min: 0.2, max: 0.6, step: 0.05, scale: 'linear' } });
    expect(narrowedDimension('bt', k, { min: '2', max: '8', step: '2', scale: 'linear' }, 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'k', type: 'int', min: 2, max: 8, step: 2, scale: 'linear' } });
  });
  it('names each bad field by its spec path', () => {
    expect(narrowedDimension('bt', x, { min: '-0.5', max: '2', step: '', scale: 'linear' }, 'searchSpace.1')).toEqual({ problems: { 'searchSpace.1.min': 'must be within 0..1', 'searchSpace.1.max': 'must be within 0..1' } });
    expect(narrowedDimension('bt', k, { min: '5', max: '5', step: '1.5', scale: 'linear' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.max': 'must be above min (5)', 'searchSpace.0.step': 'must be a whole number' } });
    expect(narrowedDimension('bt', k, { min: '2', max: '4', step: '3', scale: 'linear' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.step': 'is larger than the range 2..4' } });
    expect(narrowedDimension('bt', x, { min: 'abc', max: '1', step: '0', scale: 'linear' }, 'searchSpace.0')).toEqual({ problems: { 'searchSpace.0.min': 'must be a number', 'searchSpace.0.step': 'must be above 0' } });
  });
});

describe('scale and narrowed choices', () => {
  const kind = { param: 'kind', type: 'choice' as const, values: ['a', 'b', 'c'] };
  it('sends the scale picked; a log scale needs a min above 0, marked at min', () => {
    expect(narrowedDimension('bt', x, { min: '0.001', max: '1', step: '', scale: 'log' }, 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'x', type: 'float', min: 0.001, max: 1, scale: 'log' } });
    expect(narrowedDimension('bt', k, { min: '1', max: '10', step: '1', scale: 'log' }, 'searchSpace.2')).toEqual({ dimension: { node: 'bt', param: 'k', type: 'int', min: 1, max: 10, step: 1, scale: 'log' } });
    expect(narrowedDimension('bt', x, { min: '0', max: '1', step: '', scale: 'log' }, 'searchSpace.1')).toEqual({ problems: { 'searchSpace.1.min': 'must be above 0 on a log scale' } });
    // An out-of-bounds min says that first.
    expect(narrowedDimension('bt', x, { min: '-1', max: '1', step: '', scale: 'log' }, 'searchSpace.1')).toEqual({ problems: { 'searchSpace.1.min': 'must be within 0..1' } });
  });
  it('narrows a choice to the ticked values, in the schema order, and needs two of them', () => {
    expect(narrowedChoice('bt', kind, ['c', 'a'], 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'c'] } });
    expect(narrowedChoice('bt', kind, ['a', 'b', 'c'], 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] } });
    expect(narrowedChoice('bt', kind, ['b'], 'searchSpace.3')).toEqual({ problems: { 'searchSpace.3.values': 'tick at least 2 values to choose from (1 ticked)' } });
    expect(narrowedChoice('bt', { param: 'on', type: 'choice', values: [true, false] }, [false, true], 'searchSpace.0')).toEqual({ dimension: { node: 'bt', param: 'on', type: 'choice', values: [true, false] } });
  });
  it('sends the auto-approve margin in autoApprove, at least 0', () => {
    expect(numberGroups([AUTO_APPROVE_MARGIN], { 'autoApprove.minImprovement': '0.25' })).toEqual({ groups: { autoApprove: { minImprovement: 0.25 } }, problems: {} });
    expect(numberGroups([AUTO_APPROVE_MARGIN], { 'autoApprove.minImprovement': '-1' }).problems).toEqual({ 'autoApprove.minImprovement': 'must be at least 0' });
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
