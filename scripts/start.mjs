#!/usr/bin/env node
// `npm start` on a fresh machine with Node 20: installs dependencies (with pnpm, fetched by
// npx when it is not installed), builds the editor when its sources are newer than the
// build, and starts coinlab (embedded database in .coinlab/, demo data, API + editor).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`coinlab needs Node 20 or newer (this is ${process.version}).`);
  process.exit(1);
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && Number(probe.stdout.split('.')[0]) >= 10) return ['pnpm'];
  return ['npx', '--yes', 'pnpm@12'];
}
const pnpm = pnpmCommand();
const run = (args, opts = {}) => execFileSync(pnpm[0], [...pnpm.slice(1), ...args], { cwd: root, stdio: 'inherit', ...opts });

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'dist-types') continue;
    const full = path.join(dir, name);
    const s = statSync(full);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(full) : s.mtimeMs);
  }
  return newest;
}

if (!existsSync(path.join(root, 'node_modules/.modules.yaml'))) {
  console.log('coinlab: installing dependencies…');
  run(['install', '--frozen-lockfile']);
}
const distIndex = path.join(root, 'editor/dist/index.html');
const sources = Math.max(newestMtime(path.join(root, 'editor/src')), newestMtime(path.join(root, 'shared/src')), newestMtime(path.join(root, 'nodes/src')));
if (!existsSync(distIndex) || statSync(distIndex).mtimeMs < sources) {
  console.log('coinlab: building the editor…');
  run(['--filter', '@coinlab/editor', 'build']);
}
// `node --import tsx` (not the tsx wrapper) so that signals reach the server directly.
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'runtime/src/cli/main.ts'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
