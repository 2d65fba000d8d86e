import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MARKET_DIR = path.resolve(REPO_ROOT, '../shared/data/market');
export const CLI_ENTRY = path.join(REPO_ROOT, 'runtime/src/cli/main.ts');

/** The 5-minute files of ../shared/data/market (never copied into the repository). */
export function market5mFiles(): string[] {
  return readdirSync(MARKET_DIR).filter((f) => f.endsWith('-5m.json')).sort().map((f) => path.join(MARKET_DIR, f));
}

export const coinOf = (file: string) => path.basename(file).replace(/-\d+m\.json$/, '');
