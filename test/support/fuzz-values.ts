/**
 * Deterministic hostile values for the fuzz test: one seed gives the same sequence of cases
 * on every machine (mulberry32), so a failure names its seed and case number and replays.
 */

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];
const EDGE_NUMBERS = [0, -0, 1, -1, 0.5, -2.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 1e15, 1e21, 1e300, -1e300, 5e-324, Number.MAX_SAFE_INTEGER, 99_999_999_999, 1_600_000_000_000];
const EDGE_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\uFEFF', '\u202Etxt', 'é', '𝔘𝔫𝔦', '<script>alert(1)</script>', '../../etc/passwd', '%00', "'; drop table runs; --", '${x}', '\n\r\t', 'null', 'NaN', 'Infinity', '1e400', '-1', 'ETH_BTC', 'load', 'candles', ...PROTO_NAMES];

/** JSON text inserted verbatim where the placeholder string appears (values too deep to stringify). */
const RAW = '\u0001RAW';

export interface Fuzzer {
  caseNo: number;
  random(): number;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): void;
  number(): number;
  string(): string;
  id(): string;
  value(depth?: number): unknown;
  /** A structural mutation of a JSON document: a field dropped, replaced, retyped or nested. */
  mutate<T>(doc: T): unknown;
  garbageText(): string;
  candleFile(): { text: string; format: 'json' | 'csv' | null };
  /** JSON.stringify that also writes the deep values `value()` makes (as raw text). */
  stringify(v: unknown): string;
}

export function createFuzzer(seed: number): Fuzzer {
  let state = seed >>> 0;
  const raws: string[] = [];
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const chance = (p: number) => random() < p;

  const string = (): string => {
    const r = random();
    if (r < 0.5) return pick(EDGE_STRINGS);
    if (r < 0.6) return 'x'.repeat(pick([101, 201, 5001, 70_000]));
    let s = '';
    const n = int(0, 12);
    for (let i = 0; i < n; i++) s += String.fromCodePoint(pick([int(0x20, 0x7e), int(0, 0x1f), int(0xa0, 0xd7ff), int(0xe000, 0xfffd), int(0x10000, 0x10ffff)]));
    return s;
  };
  const number = () => (chance(0.7) ? pick(EDGE_NUMBERS) : (random() - 0.5) * 10 ** int(0, 20));
  const deep = (): string => {
    const d = pick([150, 3000, 20_000]);
    const open = chance(0.5) ? '[' : '{"a":';
    const text = open === '[' ? '['.repeat(d) + ']'.repeat(d) : open.repeat(d) + '1' + '}'.repeat(d);
    raws.push(text);
    return `${RAW}${raws.length - 1}\u0001`;
  };
  const value = (depth = 0): unknown => {
    const r = random();
    if (r < 0.15) return number();
    if (r < 0.35) return string();
    if (r < 0.42) return pick([null, true, false]);
    if (r < 0.47) return deep();
    if (depth > 3) return null;
    if (r < 0.7) return Array.from({ length: int(0, 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = int(0, 4); i > 0; i--) o[chance(0.3) ? pick(PROTO_NAMES) : string()] = value(depth + 1);
    return o;
  };

  function mutate<T>(doc: T): unknown {
    const copy = JSON.parse(JSON.stringify(doc)) as unknown;
    const rounds = int(1, 3);
    for (let k = 0; k < rounds; k++) {
      // Walk to a random container, then change one of its entries.
      let node = copy;
      const steps = int(0, 4);
      for (let i = 0; i < steps; i++) {
        if (typeof node !== 'object' || node === null) break;
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const next = (node as Record<string, unknown>)[pick(keys)];
        if (typeof next !== 'object' || next === null) break;
        node = next;
      }
      if (typeof node !== 'object' || node === null) continue;
      const rec = node as Record<string, unknown>;
      const keys = Object.keys(rec);
      const key = keys.length && chance(0.8) ? pick(keys) : Array.isArray(rec) ? String(rec.length) : chance(0.5) ? pick(PROTO_NAMES) : string();
      const r = random();
      if (r < 0.15) delete rec[key];
      else if (r < 0.35) rec[key] = number();
      else if (r < 0.6) rec[key] = string();
      else if (r < 0.7) rec[key] = deep();
      else if (r < 0.8 && Array.isArray(rec) && rec.length) rec.push(JSON.parse(JSON.stringify(rec[0])) as unknown);
      else rec[key] = value(2);
    }
    return copy;
  }

  const garbageText = () => pick(['', '{', '[1,2', 'null', '"str"', '{"document":', '\u0000', 'a=b&c=d', '{"document":{}}'.repeat(3), string()]);

  function candleFile(): { text: string; format: 'json' | 'csv' | null } {
    if (chance(0.03)) return { text: `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`, format: null };
    const t0 = Date.UTC(2019, 0, 1) + int(0, 1000) * 300_000;
    const n = int(1, 8);
    const rows: unknown[][] = Array.from({ length: n }, (_, i) => [t0 + i * 300_000, 1, 2, 0.5, 1.5, 10]);
    for (let k = int(0, 2); k > 0; k--) {
      const row = pick(rows);
      const col = int(0, 5);
      row[col] = chance(0.5) ? pick([0, -1, 1e400, 99_999_999_999, 1e20, 1.5, t0 + 1, null, 'x', '1e400', '\u0000', 1e13 + 1, (t0 / 1000) | 0]) : number();
    }
    if (chance(0.5)) {
      const body = rows.map((r) => `[${r.map((v) => (v === Infinity ? '1e400' : typeof v === 'string' ? JSON.stringify(v) : String(v))).join(',')}]`).join(',');
      return { text: chance(0.1) ? garbageText() : `[${body}]`, format: chance(0.5) ? 'json' : null };
    }
    const header = pick(['ts,open,high,low,close,volume', 'timestamp;open;high;low;close;volume', 'date,open,high,low,close', '', '\uFEFFts,open,high,low,close,volume']);
    const sep = header.includes(';') ? ';' : ',';
    const lines = rows.map((r) => r.map((v) => (v === Infinity ? '1e400' : String(v))).join(sep));
    return { text: [header, ...lines].join(chance(0.5) ? '\n' : '\r\n'), format: chance(0.5) ? 'csv' : null };
  }

  const stringify = (v: unknown): string => {
    const text = JSON.stringify(v) ?? 'null';
    return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
  };

  return {
    caseNo: 0,
    random,
    chance,
    int,
    pick,
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
    },
    number,
    string,
    id: () => {
      if (!chance(0.5)) return string();
      const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
    },
    value,
    mutate,
    garbageText,
    candleFile,
    stringify,
  };
}
