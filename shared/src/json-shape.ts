/**
 * Checks on the shape of untrusted JSON before anything recursive touches it: nesting depth
 * (recursive code — zod, canonical JSON, the database driver — overflows the stack on
 * documents thousands of levels deep) and the NUL character, which PostgreSQL cannot store
 * in text or jsonb. Iterative, so the check itself cannot overflow; stops after a few
 * problems so a hostile input cannot make the answer large.
 */

/** Deeper than any real graph document or request body; far below what recursion copes with. */
export const MAX_JSON_DEPTH = 100;
const MAX_PROBLEMS = 20;

export interface JsonShapeProblem {
  /** Where, e.g. `document.nodes[0].params.x` (keys that are not identifiers quoted). */
  path: string;
  message: string;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number | null;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function pathOf(frame: Frame | null, prefix: string): string {
  const parts: string[] = [];
  for (let f = frame; f && f.key !== null; f = f.parent) {
    parts.push(typeof f.key === 'number' ? `[${f.key}]` : IDENT.test(f.key) ? `.${f.key}` : `[${JSON.stringify(f.key)}]`);
  }
  const tail = parts.reverse().join('');
  if (!prefix) return tail.startsWith('.') ? tail.slice(1) : tail || '(root)';
  return prefix + tail;
}

const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

export function jsonShapeProblems(value: unknown, opts: { maxDepth?: number; prefix?: string } = {}): JsonShapeProblem[] {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const prefix = opts.prefix ?? '';
  const problems: JsonShapeProblem[] = [];
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: null }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ path: pathOf(frame, prefix), message: NUL_MESSAGE });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (frame.depth >= maxDepth) {
      problems.push({ path: pathOf(frame, prefix), message: `is nested more than ${maxDepth} levels deep` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: frame.depth + 1, parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: Frame = { value: (v as Record<string, unknown>)[key], depth: frame.depth + 1, parent: frame, key };
      if (key.includes('\u0000')) {
        problems.push({ path: pathOf(child, prefix), message: `key ${NUL_MESSAGE}` });
        continue;
      }
      stack.push(child);
    }
  }
  return problems;
}
