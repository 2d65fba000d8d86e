import type { z } from 'zod';

/**
 * Short, user-facing messages for zod issues ("must be >= 2"), shared by the editor's
 * inline form errors and the runtime's 400/exit-2 problem lists so both say the same.
 */
export function describeZodIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must have at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${min} item${min === '1' ? '' : 's'}`;
      return issue.inclusive ? `must be >= ${min}` : `must be > ${min}`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `must have at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${max} items`;
      return issue.inclusive ? `must be <= ${max}` : `must be < ${max}`;
    }
    case 'invalid_type': {
      // zod only attaches the input when asked (reportInput); its message always names
      // what it received ("… received undefined"), so read that when the input is absent.
      const hasInput = 'input' in issue;
      const received = hasInput ? describeValue((issue as { input?: unknown }).input) : /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${article(issue.expected)}${received ? ` (got ${received})` : ''}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return issue.message || `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** `['nodes', 3, 'params', 'period']` -> `nodes[3].params.period` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

export interface PathProblem {
  path: string;
  message: string;
}

export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): PathProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]) || '(root)',
    message: describeZodIssue(issue),
  }));
}
