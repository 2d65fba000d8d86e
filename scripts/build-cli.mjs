// Builds the CLI (and the worker threads it starts) from TypeScript into runtime/dist/, so
// `pnpm coinlab` starts without compiling TypeScript on every run (tsx: ~0.5 s and ~40 MB
// per process, and again in every worker thread). scripts/coinlab.mjs calls this whenever a
// source is newer than the build; `pnpm build:cli` runs it by hand.
//
// The workspace's own code (@coinlab/shared, nodes, runtime) is bundled, and the packages in
// BUNDLED_PACKAGES; every other package from node_modules stays a separate module, imported
// by the absolute path that esbuild resolves from the importing source file: exactly the file
// tsx would load (pnpm keeps each workspace package's dependencies beside it, so a bare name
// would not resolve from dist/).
import { createRequire } from 'node:module';
import { copyFileSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIST = path.join(root, 'runtime/dist');
/** The folders whose sources the build is made of (the launcher compares their times with it). */
export const CLI_SOURCES = ['runtime/src', 'nodes/src', 'shared/src'].map((d) => path.join(root, d));

/** What a build is made of besides the sources: this script, and the installed packages it points at. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), path.join(root, 'pnpm-lock.yaml'), path.join(root, 'node_modules/.modules.yaml')];

function newestMtime(target) {
  let s;
  try {
    s = statSync(target);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs; // a deleted file changes its folder's time
  for (const name of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

/**
 * Each build goes to its own folder, dist/<id>/, and dist/current names the one in use: a
 * rebuild never changes files a running process (a `coinlab serve`) may still import lazily,
 * and a process starting meanwhile finds either the old build or the new one, whole.
 */
const CURRENT = path.join(CLI_DIST, 'current');
const KEEP_BUILDS = 3;

/** The entry file of the current build, or null when there is none. */
export function currentCliBuild() {
  try {
    const id = readFileSync(CURRENT, 'utf8').trim();
    return /^[\w-]+$/.test(id) ? path.join(CLI_DIST, id, 'cli.js') : null;
  } catch {
    return null;
  }
}

/** Whether the current build is newer than every source and build input (~5 ms for ~450 files). */
export function cliBuildIsFresh() {
  const built = currentCliBuild() ? newestMtime(CURRENT) : 0;
  if (built === 0) return false;
  return [...CLI_SOURCES, ...BUILD_INPUTS].every((p) => newestMtime(p) < built);
}

/** Entry points, flat in dist/: workers are found beside the module that starts them. */
const ENTRIES = {
  cli: 'runtime/src/cli/main.ts',
  // scripts/coinlab.mjs calls it before importing cli.js: `run` begins opening its database sooner.
  'early-start': 'runtime/src/cli/early-start.ts',
  // runtime/src/db/pglite-worker/client.ts starts `./worker.js` when it is not running from source.
  worker: 'runtime/src/db/pglite-worker/worker.ts',
  // nodes/src/ml/forest/worker-pool.ts starts `./forest-worker-boot.cjs` with `./forest-worker.js`.
  'forest-worker': 'nodes/src/ml/forest/forest-worker.ts',
};

/**
 * Packages bundled like the workspace's code: every CLI command loads kysely, whose ESM build
 * is ~280 files; resolving, reading and compiling them one by one cost `coinlab run` ~0.25 s
 * of CPU and up to ~1 s of wall time on a loaded machine, against ~0.1 s as part of the bundle.
 * Only packages without files of their own to find at run time, and that no external package
 * shares objects of with us (kysely-pglite-dialect, the in-thread fallback, only implements
 * kysely's Dialect interface).
 */
const BUNDLED_PACKAGES = new Set(['kysely']);
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@coinlab/') || args.pluginData === 'resolving') return undefined;
      if (BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // Built-in modules named without `node:` (esbuild marks them external itself).
      if (resolved.external || !path.isAbsolute(resolved.path)) return { path: args.path, external: true };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  const startedAt = new Date();
  const esbuild = createRequire(import.meta.url)('esbuild');
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(CLI_DIST, id);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    // Shared chunks, so what the source imports lazily (LLM client, goal reader, server) is
    // still loaded on first use: one file per entry would hoist their packages' imports.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Node's own resolution: no bundler-only `module` condition.
    conditions: [],
    entryNames: '[name]',
    // Flat: client.ts and worker-pool.ts find their workers beside the file their code is in.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
  });
  copyFileSync(path.join(root, 'nodes/src/ml/forest/forest-worker-boot.cjs'), path.join(outdir, 'forest-worker-boot.cjs'));
  const tmp = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(tmp, `${id}\n`);
  // Dated when the build began: a source saved while it ran is newer, so the next start rebuilds.
  utimesSync(tmp, startedAt, startedAt);
  renameSync(tmp, CURRENT);
  pruneBuilds(id);
  if (!quiet) console.error(`coinlab: built the CLI into ${path.relative(root, outdir)}/ in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

/** Keeps the newest builds (a long-running process may still load chunks from one). */
function pruneBuilds(current) {
  const builds = readdirSync(CLI_DIST, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== current)
    .map((d) => ({ dir: path.join(CLI_DIST, d.name), time: statSync(path.join(CLI_DIST, d.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(KEEP_BUILDS - 1)) rmSync(old.dir, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
