import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { candleImportResultSchema } from '@coinlab/shared';
import { CandleImportError, importCandles, parseCandleFile, type ImportResult, type ParsedCandleFile } from '../../market';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { ApiError, type ServerApi } from '../remote/server-api';

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
    return { file, coin, text, parsed: parseCandleFile(text, file) };
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
  const target = await openCliTarget();
  if (target.kind === 'remote') return importThroughServer(target.server, files);
  const runtime = target.runtime;
  try {
    for (const f of files) {
      const t0 = Date.now();
      try {
        const r = await importCandles(runtime.store, f.coin, f.parsed.rows, { source: path.basename(f.file) });
        process.stdout.write(`${importedLine(r, f.file)} (${Date.now() - t0} ms)\n`);
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

const importedLine = (r: ImportResult, file: string) => `${r.coin}: ${r.rows} candles from ${path.basename(file)} — ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`;

/** The same import through the API of the server that holds the data folder (files already checked here). */
async function importThroughServer(server: ServerApi, files: { file: string; coin: string; text: string; parsed: ParsedCandleFile }[]): Promise<number> {
  for (const f of files) {
    const t0 = Date.now();
    try {
      const r = await server.request(`/candles/import?coin=${encodeURIComponent(f.coin)}&format=${f.parsed.format}`, candleImportResultSchema, {
        method: 'POST',
        body: f.text,
        contentType: f.parsed.format === 'json' ? 'application/json' : 'text/csv',
      });
      process.stdout.write(`${importedLine(r, f.file)} (${Date.now() - t0} ms)\n`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      process.stderr.write(`${path.basename(f.file)}: ${err.message}\n`);
      for (const p of err.problem.problems ?? []) process.stderr.write(`  ${p.path}: ${p.message}\n`);
      return EXIT.invalid;
    }
  }
  return EXIT.ok;
}
