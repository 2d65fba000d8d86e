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
export async function prepareTemplateDataDir(opts: { parentDir?: string } = {}): Promise<string> {
  const dir = path.join(opts.parentDir ?? os.tmpdir(), `coinlab-pglite-template-${migrationFingerprint()}`);
  if (fs.existsSync(path.join(dir, MARKER))) return dir;
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
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
