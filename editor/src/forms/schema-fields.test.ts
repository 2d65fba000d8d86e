import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { fieldsFromJsonSchema } from './schema-fields';

const schema = z.object({
  period: z.number().int().min(2).max(500).default(14),
  threshold: z.number().gt(0).lt(1).default(0.5),
  method: z.enum(['holdout', 'walk-forward']).default('holdout'),
  shuffle: z.boolean().default(false),
  title: z.string().min(1).describe('Shown at the top'),
  tags: z.array(z.string()).max(5).default([]),
  lags: z.array(z.number().int()).default([1, 2, 3]),
  metrics: z.array(z.enum(['auc', 'f1', 'accuracy'])).default(['auc']),
  seed: z.number().int().nullable().default(null),
  coin: z.string().default('ETH_BTC'),
  from: z.string().optional(),
  options: z.object({ depth: z.number() }).optional(),
  minTrades: z.number().int().min(0).default(20),
  salt: z.number().int().min(0).max(2147483647).default(0),
  maxFeatures: z.union([z.enum(['sqrt', 'log2']), z.number().positive().max(10_000)]).default('sqrt'),
});

describe('params form fields from a zod schema', () => {
  const fields = fieldsFromJsonSchema(z.toJSONSchema(schema, { io: 'input' }), { coin: { widget: 'coin' }, from: { widget: 'date', help: 'UTC' }, seed: { advanced: true } });
  const by = new Map(fields.map((f) => [f.key, f]));

  test('one field per param, in schema order, with readable labels', () => {
    expect(fields.map((f) => f.key)).toEqual(Object.keys(schema.shape));
    expect(by.get('period')!.label).toBe('Period');
  });

  test('numbers carry their bounds and defaults', () => {
    expect(by.get('period')).toMatchObject({ kind: 'integer', min: 2, max: 500, default: 14, required: false });
    expect(by.get('threshold')).toMatchObject({ kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  });

  test('enums, booleans, strings and lists get their widgets', () => {
    expect(by.get('method')).toMatchObject({ kind: 'enum', options: ['holdout', 'walk-forward'] });
    expect(by.get('shuffle')!.kind).toBe('boolean');
    expect(by.get('title')).toMatchObject({ kind: 'string', required: true, description: 'Shown at the top' });
    expect(by.get('tags')).toMatchObject({ kind: 'string-list', maxItems: 5 });
    expect(by.get('lags')!.kind).toBe('number-list');
    expect(by.get('metrics')).toMatchObject({ kind: 'enum-list', options: ['auc', 'f1', 'accuracy'] });
    expect(by.get('options')!.kind).toBe('json');
  });

  test('nullable numbers unwrap; catalog hints pick coin/date widgets and advanced sections', () => {
    expect(by.get('seed')).toMatchObject({ kind: 'integer', nullable: true, advanced: true });
    expect(by.get('coin')!.kind).toBe('coin');
    expect(by.get('from')).toMatchObject({ kind: 'date', required: false, help: 'UTC' });
  });

  test('limits that only mean "any whole number" are left out of the bounds', () => {
    expect(by.get('minTrades')).toMatchObject({ kind: 'integer', min: 0 });
    expect(by.get('minTrades')!.max).toBeUndefined();
    expect(by.get('salt')!.max).toBeUndefined();
  });

  test('a name or a number (maxFeatures) is one text field that suggests the names', () => {
    expect(by.get('maxFeatures')).toMatchObject({ kind: 'enum-or-number', options: ['sqrt', 'log2'], default: 'sqrt' });
  });
});
