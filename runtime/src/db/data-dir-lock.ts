import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError } from './errors';

/**
 * An O_EXCL pid file that keeps a second process (or a second open in this process) from
 * opening the same embedded database folder, which would otherwise go on with stale data.
 * A lock whose process is gone (crash, kill -9) is stale and taken over; on Linux the
 * process start time is recorded too, so a recycled pid is not mistaken for the holder.
 */
export const LOCK_FILE_NAME = 'coinlab.lock';

interface LockInfo {
  pid: number;
  host: string;
  /** Start time of the holder from /proc/<pid>/stat, where the system has it. */
  started: string | null;
  token: string;
  /** Set by a server holding the folder: where the CLI reaches it instead of opening the folder. */
  url?: string;
}

export interface DataDirLock {
  readonly lockFile: string;
  /** Records in the lock file the URL of the API this process serves on the folder. */
  advertise(url: string): void;
  release(): void;
}

/** Lock files held by this process, released on exit if close() was never called. */
const held = new Map<string, string>();
let exitHookInstalled = false;

export function lockDataDir(dataDir: string): DataDirLock {
  const lockFile = path.join(dataDir, LOCK_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  const info: LockInfo = { pid: process.pid, host: os.hostname(), started: processStart(process.pid), token: randomUUID() };
  // A few rounds: a stale lock removed by us may be recreated by someone else in between.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, info)) {
      held.set(lockFile, info.token);
      installExitHook();
      return { lockFile, advertise: (url) => rewriteLock(lockFile, { ...info, url }), release: () => releaseLock(lockFile, info.token) };
    }
    const holder = readLock(lockFile);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && holderAlive(lockFile, holder)) {
      throw new DataDirLockedError(dataDir, holder.pid, lockFile, holder.pid === process.pid, holder.url ?? null);
    }
    if (holder === 'unreadable' && recentlyWritten(lockFile)) {
      // Another process is between creating and writing its lock: it is the holder.
      throw new DataDirLockedError(dataDir, null, lockFile, false);
    }
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`Could not take the lock ${lockFile}: it keeps changing hands`);
}

function tryCreate(lockFile: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Replaces the content of a lock we hold (write then rename: readers never see it torn). */
function rewriteLock(lockFile: string, info: LockInfo): void {
  if (held.get(lockFile) !== info.token) return;
  const tmp = `${lockFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info));
  fs.renameSync(tmp, lockFile);
}

function readLock(lockFile: string): LockInfo | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      return parsed as LockInfo;
    }
  } catch {
    // fall through: empty or torn file
  }
  return 'unreadable';
}

function holderAlive(lockFile: string, holder: LockInfo): boolean {
  // Another machine sharing the folder: we cannot see its processes, so we respect it.
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return held.get(lockFile) === holder.token;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = processStat(holder.pid);
  // A process killed a moment ago stays a zombie until its parent reaps it: kill(pid, 0)
  // still succeeds and /proc still lists it, but it holds nothing any more.
  if (stat && (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x')) return false;
  return !(holder.started && stat?.started && stat.started !== holder.started);
}

function recentlyWritten(lockFile: string): boolean {
  try {
    return Date.now() - fs.statSync(lockFile).mtimeMs < 2_000;
  } catch {
    return false;
  }
}

/** Fields 3 (state) and 22 (start time in clock ticks since boot) of /proc/<pid>/stat; null off Linux. */
function processStat(pid: number): { state: string; started: string | null } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', started: fields[19] ?? null };
  } catch {
    return null;
  }
}

function processStart(pid: number): string | null {
  return processStat(pid)?.started ?? null;
}

function releaseLock(lockFile: string, token: string): void {
  if (held.get(lockFile) !== token) return;
  held.delete(lockFile);
  const current = readLock(lockFile);
  // Only remove the file if it is still ours.
  if (current !== 'missing' && current !== 'unreadable' && current.token === token) {
    fs.rmSync(lockFile, { force: true });
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [lockFile, token] of [...held]) {
      try {
        releaseLock(lockFile, token);
      } catch {
        // exiting anyway; a leftover lock is detected as stale next time
      }
    }
  });
}
