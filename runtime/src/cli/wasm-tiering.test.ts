import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * In a fresh process (V8 flags are process-wide): whether a WebAssembly function compiled after
 * the command was chosen is still on the baseline tier after it has run hot. %IsLiftoffFunction
 * needs --allow-natives-syntax, given to that process only.
 */
function staysOnBaseline(command: string): boolean {
  const script = `
    const { tuneForCommand } = await import(${JSON.stringify(path.join(root, 'runtime/src/cli/wasm-tiering.ts'))});
    tuneForCommand(${JSON.stringify(command)});
    // (module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
    const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,7,5,1,1,102,0,0,10,9,1,7,0,32,0,65,1,106,11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    const f = instance.exports.f;
    let x = 0;
    for (let i = 0; i < 2e6; i++) x = f(x) & 0xffff;
    await new Promise((r) => setTimeout(r, 300)); // background tier-up, if any
    for (let i = 0; i < 2e6; i++) x = f(x) & 0xffff;
    process.stdout.write(String(%IsLiftoffFunction(f)));`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return out.trim() === 'true';
}

describe('the embedded database WebAssembly tier of CLI commands', () => {
  it('keeps short-lived commands on the baseline compiler, servers and workers on the optimizing one', () => {
    expect(staysOnBaseline('run')).toBe(true);
    expect(staysOnBaseline('import')).toBe(true);
    expect(staysOnBaseline('serve')).toBe(false);
    expect(staysOnBaseline('worker')).toBe(false);
  }, 60_000);
});

describe('the JavaScript optimizing budget of CLI commands', () => {
  /**
   * In a fresh process: how many calls a small function takes before V8 has optimized it, once
   * the command's settings are applied (doubling batches of calls, each followed by a pause for
   * the background compile). %GetOptimizationStatus needs --allow-natives-syntax.
   */
  function callsToOptimize(command: string): number {
    const script = `
      const { tuneForCommand } = await import(${JSON.stringify(path.join(root, 'runtime/src/cli/wasm-tiering.ts'))});
      tuneForCommand(${JSON.stringify(command)});
      const hot = new Function('a', 'let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * 2 + 1; return s;');
      const a = new Float64Array(20);
      let calls = 0;
      for (let batch = 16; batch <= 1 << 16; batch *= 2) {
        for (let k = 0; k < batch; k++) hot(a);
        calls += batch;
        await new Promise((r) => setTimeout(r, 50));
        if (%GetOptimizationStatus(hot) & 16) break;
      }
      process.stdout.write(String(calls));`;
    return Number(execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).trim());
  }

  it('lets a short-lived command run a function longer before optimizing it than a server', () => {
    const server = callsToOptimize('serve');
    expect(server).toBeLessThan(1 << 16);
    expect(callsToOptimize('run')).toBeGreaterThanOrEqual(2 * server);
  }, 60_000);
});

describe('the embedded database buffer pool of CLI commands', () => {
  /** In a fresh process (the choice is process-wide): the shared_buffers a command's databases open with. */
  function poolOf(command: string, env: NodeJS.ProcessEnv = {}): string {
    const script = `
      const { tuneForCommand } = await import(${JSON.stringify(path.join(root, 'runtime/src/cli/wasm-tiering.ts'))});
      const { sharedBuffersSetting } = await import(${JSON.stringify(path.join(root, 'runtime/src/db/pglite-options.ts'))});
      tuneForCommand(${JSON.stringify(command)});
      process.stdout.write(sharedBuffersSetting());`;
    const clean = { ...process.env };
    delete clean.COINLAB_PGLITE_SHARED_BUFFERS;
    return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...clean, ...env } }).trim();
  }

  it('boots short-lived commands with a small pool, servers and workers with the larger one, and the variable overrides both', () => {
    expect(poolOf('run')).toBe('8MB');
    expect(poolOf('import')).toBe('8MB');
    expect(poolOf('serve')).toBe('32MB');
    expect(poolOf('worker')).toBe('32MB');
    expect(poolOf('run', { COINLAB_PGLITE_SHARED_BUFFERS: '64MB' })).toBe('64MB');
    expect(poolOf('serve', { COINLAB_PGLITE_SHARED_BUFFERS: '4MB' })).toBe('4MB');
  }, 60_000);
});
