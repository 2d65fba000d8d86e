import { describe, expect, it } from 'vitest';
import { runColumnsFunction, SandboxError } from './sandbox';

const close = Float64Array.from({ length: 50 }, (_, i) => 100 + i);
const call = { label: 'ETH_BTC', rows: close.length, columns: { close } };
const limits = { timeoutMs: 1_000, memoryBytes: 32 * 1024 * 1024 };

/** Runs `code` and returns the SandboxError it must end in. */
async function refusal(code: string, l = limits): Promise<SandboxError> {
  const err = await runColumnsFunction(code, [call], l).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, code).toBeInstanceOf(SandboxError);
  return err as SandboxError;
}

describe('the code sandbox', () => {
  it('computes a column from the columns, with NaN for missing values, and logs', async () => {
    const logs: string[] = [];
    const [out] = await runColumnsFunction('log("rows", close.length, label);\nreturn Array.from(close, (c, i) => (i === 0 ? null : c - close[i - 1]));', [call], limits, (l) => logs.push(l));
    expect(Number.isNaN(out![0])).toBe(true);
    expect([...out!.slice(1)].every((v) => v === 1)).toBe(true);
    expect(logs).toEqual(['rows 50 ETH_BTC']);
  });

  it('names the line of a runtime error and of a syntax error in the user\'s code', async () => {
    const runtime = await refusal('const a = 1;\nconst b = 2;\nreturn missing.value;');
    expect(runtime).toMatchObject({ kind: 'runtime', line: 3 });
    expect(runtime.message).toMatch(/ReferenceError: .*missing/);
    const syntax = await refusal('const a = 1;\nreturn a +* 2;');
    expect(syntax.kind).toBe('syntax');
    expect(syntax.message).toMatch(/SyntaxError/);
  });

  it('refuses an answer that is not one number per row', async () => {
    expect((await refusal('return 3;')).message).toMatch(/must return an array of 50 numbers/);
    expect((await refusal('return [1, 2];')).message).toMatch(/returned 2 values for 50 rows/);
  });

  // Each way out of the sandbox is refused or stopped within its limit.
  it('has no file system, modules, process or network', async () => {
    for (const probe of ['require("fs")', 'process.env', 'fetch("http://127.0.0.1")', 'new XMLHttpRequest()', 'std.loadFile("/etc/passwd")', 'os.exec(["ls"])', 'Deno.readTextFileSync("/etc/passwd")', 'Bun.file("/etc/passwd")']) {
      const e = await refusal(`${probe};\nreturn close;`);
      expect(e.message, probe).toMatch(/ReferenceError|is not defined/);
      expect(e.line, probe).toBe(1);
    }
    // A static import is not even valid in a function body; a dynamic one has no loader to reach.
    expect((await refusal('import fs from "fs";\nreturn close;')).kind).toBe('syntax');
    expect((await refusal('const p = import("fs");\nreturn p;')).message).toMatch(/must return an array/);
    // globalThis is the sandbox's own: nothing of the host is on it.
    const [keys] = await runColumnsFunction('const names = Object.getOwnPropertyNames(globalThis);\nconst host = ["process", "require", "module", "Buffer", "setTimeout", "fetch", "std", "os"].filter((n) => names.includes(n));\nreturn close.map((_, i) => (i === 0 ? host.length : 0));', [call], limits);
    expect(keys![0]).toBe(0);
  });

  it('gives no way to the host through the objects it is handed', async () => {
    // The log function and the columns come from the sandbox's own realm: their constructors'
    // constructor is the sandbox's Function, whose globals are the sandbox's.
    for (const trick of [
      'log.constructor.constructor("return process")()',
      'close.constructor.constructor("return this")().process.env',
      'columns.__proto__.constructor.constructor("return require")()("fs")',
      'Object.getPrototypeOf(log).constructor("return globalThis.process.mainModule")()',
    ]) {
      const e = await refusal(`const r = ${trick};\nreturn close;`);
      expect(e.kind, trick).toBe('runtime');
      expect(e.message, trick).toMatch(/ReferenceError|TypeError|not defined|undefined/);
    }
    // Writing to a column changes the sandbox's copy only.
    const before = close.slice();
    await runColumnsFunction('close[0] = -1;\nreturn close;', [call], limits);
    expect(close).toEqual(before);
    // Changing the sandbox's prototypes cannot reach the next execution or the host.
    await runColumnsFunction('Array.prototype.map = () => 1; Object.prototype.polluted = true;\nreturn close;', [call], limits);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [again] = await runColumnsFunction('return Array.from(close).map((c) => c * 2 + ({}.polluted ? 1000 : 0));', [call], limits);
    expect(again![0]).toBe(200);
  });

  it('stops an endless loop at its time limit, and the process carries on', async () => {
    const t0 = Date.now();
    const e = await refusal('let i = 0;\nwhile (true) { i++; }', { timeoutMs: 200, memoryBytes: limits.memoryBytes });
    expect(e.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(5_000);
    const [ok] = await runColumnsFunction('return close;', [call], limits);
    expect(ok![1]).toBe(101);
  });

  it('stops a memory bomb and a runaway recursion within their limits', async () => {
    expect((await refusal('const hoard = [];\nfor (;;) hoard.push(new Float64Array(1e6));', { timeoutMs: 10_000, memoryBytes: 16 * 1024 * 1024 })).kind).toBe('memory');
    expect((await refusal('let s = "x";\nfor (;;) s = s + s;', { timeoutMs: 10_000, memoryBytes: 16 * 1024 * 1024 })).kind).toBe('memory');
    expect((await refusal('function down(n) { return down(n + 1) + 1; }\nreturn down(0);')).kind).toBe('memory');
    // And the next execution is whole.
    const [ok] = await runColumnsFunction('return close;', [call], limits);
    expect(ok![2]).toBe(102);
  });
});
