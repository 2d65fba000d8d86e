/** One sample of a Prometheus text exposition: `name{a="x",b="y"} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format strictly enough for tests: a line that is neither comment nor sample fails. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Samples of a metric whose labels include `match`. */
export function select(samples: readonly Sample[], name: string, match: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of a metric with these labels (throws when absent or ambiguous). */
export function value(samples: readonly Sample[], name: string, match: Record<string, string> = {}): number {
  const hits = select(samples, name, match);
  if (hits.length !== 1) throw new Error(`${hits.length} samples of ${name} ${JSON.stringify(match)}`);
  return hits[0]!.value;
}

/** Sum over every sample of a metric whose labels include `match`. */
export const sum = (samples: readonly Sample[], name: string, match: Record<string, string> = {}): number => select(samples, name, match).reduce((n, s) => n + s.value, 0);
