import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CandleImportError, importCandles, parseCandleFile } from '../../market';
import { EXIT, UsageError } from '../exit-codes';
import { openCliRuntime } from '../open-runtime';

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { coin: { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('usage: coinlab import FILE [FILE...] --coin SYMBOL   (JSON [[ts_ms,o,h,l,c,v],...] or CSV with a header)');
  if (positionals.length > 1 && values.coin) throw new UsageError('--coin names the coin of one file; with several files the coin is taken from each file name (e.g. ETH_BTC-5m.json)');
  // Parse everything first: a bad row in any file means nothing is written.
  const files = positionals.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`);
    }
    const coin = values.coin ?? path.basename(file).match(/^([A-Za-z0-9]+_[A-Za-z0-9]+)/)?.[1];
    if (!coin) throw new UsageError(`cannot tell the coin of ${file} from its name: give --coin SYMBOL`);
    return { file, coin, parsed: parseCandleFile(text, file) };
  });
  const bad = files.filter((f) => f.parsed.issues.length);
  if (bad.length) {
    for (const f of bad) {
      process.stderr.write(`${f.file}: ${f.parsed.issues.length} bad row${f.parsed.issues.length === 1 ? '' : 's'}\n`);
      for (const i of f.parsed.issues.slice(0, 50)) process.stderr.write(`  ${i.message}\n`);
      if (f.parsed.issues.length > 50) process.stderr.write(`  … and ${f.parsed.issues.length - 50} more\n`);
    }
    process.stderr.write('nothing was imported\n');
    return EXIT.invalid;
  }
  const runtime = await openCliRuntime();
  try {
    for (const f of files) {
      const t0 = Date.now();
      try {
        const r = await importCandles(runtime.store, f.coin, f.parsed.rows, { source: path.basename(f.file) });
        process.stdout.write(`${f.coin}: ${r.rows} candles from ${path.basename(f.file)} — ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${Date.now() - t0} ms)\n`);
      } catch (err) {
        if (err instanceof CandleImportError) {
          process.stderr.write(`${err.message}\n`);
          return EXIT.invalid;
        }
        throw err;
      }
    }
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
