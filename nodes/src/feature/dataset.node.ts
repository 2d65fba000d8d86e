import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { TARGET_DIRECTIONS, targetInfoOf, type TargetInfo } from '../target/target-series';
import { assembleDataset } from './assemble';
import { featuresTooGoodToBeTrue, refuseTargetFrames } from './leak-guard';

export default defineNode({
  type: 'feature.dataset',
  version: 1,
  ui: {
    title: 'Build dataset',
    category: 'feature',
    description:
      'Joins feature tables and a target by coin and time into a dataset for splitting and training. Drops (and reports) the warm-up rows, rows with a missing or infinite feature, and the last rows whose target would look past the end of the data.',
    params: {
      task: { help: 'Only for a plain series as target: target nodes carry their task and horizon' },
      horizon: { help: 'Only for a plain series as target: bars it looks ahead (splits purge at least this many)' },
      leakGuard: { advanced: true, help: 'Stop when a feature alone predicts the target almost perfectly (it reads the future). Target series wired in as features are always refused.' },
      direction: { help: 'What a high target value means: "rise" (1 = the price rises) or "fall" (1 = it falls). Target nodes carry it; a backtest buys on predicted rises and stays out on predicted falls.' },
    },
  },
  params: z.object({
    task: z.enum(['from-target', 'classification', 'regression']).default('from-target'),
    horizon: z.number().int().min(0).max(100_000).default(0),
    direction: z.enum(['from-target', ...TARGET_DIRECTIONS]).default('from-target'),
    leakGuard: z.boolean().default(true),
  }),
  inputs: {
    features: port.labelled(port.frame, 'Features'),
    target: port.labelled(port.series, 'Target'),
    extra: port.many(port.frame, 'More features'),
  },
  outputs: { dataset: port.dataset, report: port.json },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    const carried = targetInfoOf(inputs.target);
    let info: TargetInfo;
    if (carried && params.task === 'from-target') info = carried;
    else {
      const values = inputs.target.groups.flatMap((g) => g.columns[inputs.target.name] ?? []);
      const binary = values.every((v) => Number.isNaN(v) || v === 0 || v === 1);
      const task = params.task === 'from-target' ? (binary ? 'classification' : 'regression') : params.task;
      if (task === 'classification' && !binary) throw new NodeInputError('params.task', `is classification but the target "${inputs.target.name}" has values other than 0 and 1`);
      info = { task, direction: carried?.direction ?? 'rise', horizon: carried?.horizon ?? params.horizon, description: inputs.target.name };
    }
    if (params.direction !== 'from-target') {
      if (carried && carried.direction !== params.direction) throw new NodeInputError('params.direction', `is "${params.direction}" but the target "${inputs.target.name}" says a 1 means a ${carried.direction}; leave it on from-target`);
      info = { ...info, direction: params.direction };
    }
    const frames = [inputs.features, ...inputs.extra];
    refuseTargetFrames(frames, (k) => (k === 0 ? 'inputs.features' : `inputs.extra[${k - 1}]`));
    const { dataset, report } = assembleDataset(frames, inputs.target, info);
    // Only a target that looks ahead can be leaked; a same-bar target (horizon 0) has no future to read.
    if (params.leakGuard && info.horizon > 0) {
      const leaks = featuresTooGoodToBeTrue(dataset);
      if (leaks.length) {
        throw new NodeInputError('inputs.features', `${leaks.map((l) => `"${l.feature}": ${l.figure}`).join('; ')}. No honest market feature predicts ${dataset.target} that well: it almost surely reads the future (look-ahead leak). Remove it, or set params.leakGuard to false if you know why it is honest`);
      }
    }
    if (report.excluded.length) log('warn', `left out feature(s) ${report.excluded.join(', ')}: the same column as the target would leak it`);
    for (const c of report.coins) {
      log('info', `${c.coin}: kept ${c.kept} of ${c.rows} rows (warm-up ${c.warmup}, non-finite features ${c.nonFinite}, no target ${c.noTarget})${c.positiveRate !== null ? `, positive rate ${(100 * c.positiveRate).toFixed(1)}%` : ''}`);
      if (c.kept === 0) throw new NodeInputError('inputs.features', `leaves no rows for ${c.coin}: every row lacks a feature or the target`, 'insufficient_data');
    }
    return { dataset, report };
  },
});
