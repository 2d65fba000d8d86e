#!/usr/bin/env node
// `pnpm coinlab …`: the CLI from its build in runtime/dist/ (plain JavaScript: no TypeScript
// compiled at start-up, in this process or in its worker threads), rebuilt first whenever a
// source is newer than it, so it never runs stale code. COINLAB_FROM_SOURCE=1, or a build
// that cannot be made, runs runtime/src/cli/main.ts from source with tsx instead.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCli, cliBuildIsFresh, currentCliBuild } from './build-cli.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The built CLI to run (rebuilt first when stale), or null to run from source. */
async function builtCli() {
  if (process.env.COINLAB_FROM_SOURCE === '1') return null;
  if (cliBuildIsFresh()) return currentCliBuild();
  try {
    await buildCli({ quiet: true });
    return currentCliBuild();
  } catch (err) {
    process.stderr.write(`coinlab: could not build the CLI (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); running it from source\n`);
    return null;
  }
}

const built = await builtCli();
if (built) {
  // `run` begins opening its embedded database before the CLI's modules load (a shared module
  // of the build: main.ts finds the open begun). Best effort: main.ts begins it otherwise.
  try {
    (await import(pathToFileURL(path.join(path.dirname(built), 'early-start.js')).href)).startEarly(process.argv.slice(2));
  } catch {
    /* a build without it: main.ts opens the database itself */
  }
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'runtime/src/cli/main.ts')).href);
}
