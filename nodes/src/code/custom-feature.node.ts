import { z } from 'zod';
import type { CoinFrame } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';

const EXAMPLE = `// One coin at a time: open, high, low, close, volume and ts are Float64Arrays, oldest bar first
// (every column is also in \`columns\`; \`label\` is the coin). Return one number per row.
// Read only rows up to i when computing row i: a later row is the future.
const out = new Array(close.length).fill(NaN);
for (let i = 12; i < close.length; i++) out[i] = close[i] / close[i - 12] - 1;
return out;`;

/**
 * A feature the catalog lacks, written by the user as a small JavaScript function over one
 * coin's candle columns. It runs in a WebAssembly sandbox (code/sandbox.ts) with a time and a
 * memory limit; an error names the line of the user's code.
 */
export default defineNode({
  type: 'feature.custom_code',
  version: 1,
  ui: {
    title: 'Custom feature (code)',
    category: 'feature',
    description:
      'A series computed by your own JavaScript over each coin\'s candle columns, in a sandbox (no files, no network; time and memory limits). Wire it into a dataset as an extra frame, like an indicator.',
    tags: ['code', 'javascript', 'custom'],
    params: {
      code: { widget: 'code', help: 'The body of a function of the columns; return one number per row. Errors point to the line here.' },
      name: { help: 'The series name: the feature column it becomes.' },
      timeoutMs: { advanced: true, help: 'Time limit for all coins together, in milliseconds.' },
      memoryMb: { advanced: true, help: 'Memory limit of the sandbox, in MB (the input columns count).' },
    },
  },
  params: z.object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a column name: a letter or _, then letters, digits or _ (at most 64)').default('custom'),
    code: z.string().min(1, 'write the function body').max(20_000).default(EXAMPLE),
    timeoutMs: z.number().int().min(10).max(30_000).default(2_000),
    memoryMb: z.number().int().min(8).max(512).default(64),
  }),
  inputs: { candles: port.candles },
  outputs: { series: port.series },
  cache: 'pure',
  async execute({ params, inputs, signal, log }) {
    const { runColumnsFunction, SandboxError } = await import('./sandbox');
    const candles = inputs.candles;
    const calls = candles.groups.map((g) => ({
      label: g.coin,
      rows: g.ts.length,
      columns: { ts: Float64Array.from(g.ts), ...Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, Float64Array.from(v)])) },
    }));
    let outputs: Float64Array[];
    try {
      outputs = await runColumnsFunction(params.code, calls, { timeoutMs: params.timeoutMs, memoryBytes: params.memoryMb * 1024 * 1024, signal }, (line) => log('info', line));
    } catch (err) {
      signal.throwIfAborted();
      if (!(err instanceof SandboxError)) throw err;
      const where = err.line === null ? '' : `line ${err.line}: `;
      const limit = err.kind === 'timeout' ? ` of ${params.timeoutMs} ms (params.timeoutMs)` : err.kind === 'memory' ? ` of ${params.memoryMb} MB (params.memoryMb)` : '';
      throw new NodeInputError('params.code', `${where}${err.message}${limit}`);
    }
    const groups: CoinFrame[] = candles.groups.map((g, i) => ({ coin: g.coin, ts: g.ts, columns: { [params.name]: Array.from(outputs[i]!) } }));
    return { series: { kind: 'series', name: params.name, barMinutes: candles.barMinutes, groups } };
  },
});
