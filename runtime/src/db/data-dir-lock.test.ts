import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedTarget, type ProvisionedDatabase } from './testing/test-databases';
import { lockDataDir, LOCK_FILE_NAME } from './data-dir-lock';
import { DataDirLockedError } from './errors';
import { openDatabase } from './open';
import { openInChild } from './testing/child';

describe('data folder lock file', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('refuses a second holder in this process and frees the folder on release', () => {
    const dir = tmp();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dir).release();
  });

  it('records the URL its holder serves on, which a refused opener is told (the CLI then uses that API)', () => {
    const dir = tmp();
    const lock = lockDataDir(dir);
    const refusal = () => {
      try {
        lockDataDir(dir);
      } catch (err) {
        return err as DataDirLockedError;
      }
      throw new Error('not refused');
    };
    expect(refusal().serverUrl).toBeNull();
    lock.advertise('http://127.0.0.1:4455');
    expect(refusal()).toMatchObject({ serverUrl: 'http://127.0.0.1:4455', pid: process.pid });
    // Still our lock: released as before, and nothing left beside it.
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose process is gone', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), started: null, token: 'old' }));
    lockDataDir(dir).release();
  });

  it('takes over a lock left by an earlier process that had our pid', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, host: os.hostname(), started: '1', token: 'old' }));
    lockDataDir(dir).release();
  });

  it('takes over at once the lock of a process killed with SIGKILL, before its parent reaps it', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pid = child.pid!;
    const stat = () => fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const started = stat().slice(stat().lastIndexOf(')') + 2).split(' ')[19]!;
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, host: os.hostname(), started, token: 'killed' }));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError); // alive: refused
    child.kill('SIGKILL');
    // Synchronously, so this process cannot reap the child in between: it stays a zombie,
    // which still answers kill(pid, 0) and still has its /proc entry, but is gone.
    const deadline = Date.now() + 5000;
    while (stat().slice(stat().lastIndexOf(')') + 2)[0] !== 'Z' && Date.now() < deadline);
    lockDataDir(dir).release();
    await exited;
  });

  it('respects a lock held from another machine', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 4242, host: 'elsewhere.example', started: null, token: 'x' }));
    expect(() => lockDataDir(dir)).toThrow(/pid 4242/);
  });
});

describe('embedded database opened by two processes', () => {
  let provisioned: ProvisionedDatabase | undefined;
  afterEach(async () => {
    await provisioned?.dispose();
    provisioned = undefined;
  });

  it('refuses a second opener in this process', async () => {
    provisioned = await embeddedTarget.provision();
    const db = await openDatabase({ dataDir: provisioned.dataDir! });
    try {
      const err = await openDatabase({ dataDir: provisioned.dataDir! }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`pid ${process.pid}`);
    } finally {
      await db.close();
    }
  });

  it('refuses another process with a message naming the folder and our pid, and lets it in after close', async () => {
    provisioned = await embeddedTarget.provision();
    const dataDir = provisioned.dataDir!;
    const db = await openDatabase({ dataDir });
    let closed = false;
    try {
      const refused = await openInChild('try', dataDir);
      expect(refused.report.ok).toBe(false);
      expect(refused.report.name).toBe('DataDirLockedError');
      expect(refused.report.message).toContain(dataDir);
      expect(refused.report.message).toContain(`pid ${process.pid}`);
      expect(refused.report.message).not.toContain('\n');
      expect(await refused.exited).toBe(1);
      await db.close();
      closed = true;
      const admitted = await openInChild('try', dataDir);
      expect(admitted.report).toMatchObject({ ok: true });
      expect(await admitted.exited).toBe(0);
    } finally {
      if (!closed) await db.close();
    }
  });

  it('is refused while another process holds it, and takes over once that process is killed', async () => {
    provisioned = await embeddedTarget.provision();
    const dataDir = provisioned.dataDir!;
    const holder = await openInChild('hold', dataDir);
    expect(holder.report.ok).toBe(true);
    try {
      const err = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as DataDirLockedError).pid).toBe(holder.report.pid);
      expect((err as Error).message).toContain(`pid ${holder.report.pid}`);
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
    // The killed process could not remove its lock: it is stale now and taken over.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true);
    const db = await openDatabase({ dataDir });
    await db.close();
  });

  it('is released when the holder exits without closing', async () => {
    provisioned = await embeddedTarget.provision();
    const dataDir = provisioned.dataDir!;
    const leaver = await openInChild('leave', dataDir);
    expect(leaver.report.ok).toBe(true);
    expect(await leaver.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});
