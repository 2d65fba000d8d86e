import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationFingerprint } from './migrate';
import { openDatabase } from './open';
import { PGDATA_SUBDIR } from './embedded';

const MARKER = 'template.json';

/**
 * A migrated, empty embedded data folder to copy from (openDatabase's `templateDataDir`):
 * creating a PGlite cluster takes seconds, copying one a fraction of that. Keyed by the
 * migrations' fingerprint, so a schema change makes a new one; built once per machine.
 * Several processes may race to build it: each builds aside and the first rename wins.
 */
export function prepareTemplateDataDir(opts: { parentDir?: string } = {}): Promise<string> {
  const dir = path.join(opts.parentDir ?? os.tmpdir(), `coinlab-pglite-template-${migrationFingerprint()}`);
  // Callers in one process share one build (two at once in the same millisecond used to pick
  // the same folder and trip over its lock).
  if (fs.existsSync(path.join(dir, MARKER))) return Promise.resolve(dir);
  let pending = building.get(dir);
  if (!pending) {
    pending = buildTemplate(dir);
    building.set(dir, pending);
    const done = () => void building.delete(dir);
    pending.then(done, done);
  }
  return pending;
}

const building = new Map<string, Promise<string>>();

async function buildTemplate(dir: string): Promise<string> {
  if (fs.existsSync(path.join(dir, MARKER))) return dir;
  const building = `${dir}.building-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const db = await openDatabase({ dataDir: building });
    await db.close();
    fs.writeFileSync(path.join(building, MARKER), JSON.stringify({ fingerprint: migrationFingerprint(), createdAt: new Date().toISOString() }));
    try {
      fs.renameSync(building, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Someone else finished first: theirs is as good as ours.
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(dir, MARKER)) || !fs.existsSync(path.join(dir, PGDATA_SUBDIR))) {
    throw new Error(`Could not prepare the template database folder ${dir}`);
  }
  return dir;
}
