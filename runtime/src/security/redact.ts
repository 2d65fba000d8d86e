/**
 * Keeps secrets out of everything that leaves the process or is stored: run events and logs,
 * node outputs and errors, LLM call records, alerts and webhook bodies, text artifacts, and
 * what the CLI and the server print. Two nets:
 *
 * - the values of secrets this process knows: environment variables named like a secret
 *   (OPENAI_API_KEY, COINLAB_SECRET_KEY, ..._TOKEN, ..._PASSWORD), passwords inside URLs in
 *   the environment (DATABASE_URL, REDIS_URL), and keys registered at run time (an LLM
 *   configuration passed in code, credentials read from the database);
 * - shapes that are secrets wherever they come from: `sk-…` API keys, `Bearer …`
 *   authorization values, `password=…` / `"apiKey": "…"` pairs, and the password of a URL.
 *
 * Matches become `[redacted]`; the text around them stays, so an error still says what went
 * wrong ("401 Incorrect API key provided: [redacted]").
 */
export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: redacting "1" or "true" everywhere would wreck text. */
const MIN_SECRET_LENGTH = 8;

/** Environment variable names whose values are secrets. */
const SECRET_ENV_NAME = /(^|_)(API_?KEY|KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASS|CREDENTIALS?|PRIVATE_KEY)$/i;

const SHAPES: readonly [RegExp, string][] = [
  // The password part of a URL: postgres://user:pw@host -> postgres://user:[redacted]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@"'<>]*):([^/\s@"'<>]+)@/gi, `$1:${REDACTED}@`],
  // Authorization values: "Bearer abc...", "Basic ...", "Token ...".
  [/\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/g, `$1$2${REDACTED}`],
  // name=value and "name": "value" pairs whose name says secret (not tokens counts such as inputTokens).
  [
    /((?<![A-Za-z0-9])(?:api[_-]?key|x-api-key|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token|client[_-]?secret|secret[_-]?key|secret|password|passwd|authorization)["']?\s*[:=]\s*["']?)(?!\[redacted\]|(?:Bearer|Basic|Token)\s)([^\s"'&,;}\]]{6,})/gi,
    `$1${REDACTED}`,
  ],
  // Provider key shapes: OpenAI / Anthropic style sk-..., GitHub, Slack, AWS access key ids.
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{20,}/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  // coinlab's own API tokens (auth/secrets.ts): the marker and 43 base64url characters.
  [/\bcoinlab_[A-Za-z0-9_-]{32,}/g, REDACTED],
];

/**
 * Every shape above contains one of these: a string without any (dates, labels, most log lines)
 * is passed by one scan instead of one per shape.
 */
const MAY_HAVE_SHAPE = /:\/\/|sk-|bearer|basic|token|key|secret|passw|authoriz|gh[opsu]_|github_pat_|xox|AKIA|coinlab_/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The secret values in an environment (see the module comment), longest first. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_ENV_NAME.test(name)) found.add(value.trim());
    // A URL with a password (DATABASE_URL, REDIS_URL, a proxy): the password, raw and decoded.
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^/\s@]*@/i.test(value)) {
      try {
        const pw = new URL(value).password;
        if (pw) found.add(pw).add(decodeURIComponent(pw));
      } catch {
        /* not a URL after all */
      }
    }
  }
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

export interface Redactor {
  /** The text with every secret replaced by `[redacted]`. */
  text(s: string): string;
  /**
   * A copy of a JSON-like value with every string redacted (keys too); parts with nothing to
   * redact are returned as they are, binary data untouched. Non-plain objects pass through.
   */
  value<T>(v: T): T;
  /**
   * As value(), for values that are never changed once made (a run's node outputs): objects and
   * arrays found clean are remembered in `seen`, and not walked again while the secrets stay the
   * same. A node's outputs often hold its inputs (a model holds its splits, which hold the
   * dataset): each is walked once per run, not once per node that passes it on.
   */
  immutableValue<T>(v: T, seen: CleanSet): T;
  /** Adds a secret known at run time (e.g. an API key read from the database). */
  add(secret: string | null | undefined): void;
}

/** Values found clean, valid for one set of secrets (see Redactor.immutableValue). */
export interface CleanSet {
  objects: WeakSet<object>;
  /** The secrets' generation the objects were found clean under. */
  generation: number;
}

export const newCleanSet = (): CleanSet => ({ objects: new WeakSet(), generation: -1 });

export function createRedactor(opts: { env?: NodeJS.ProcessEnv; secrets?: readonly string[] } = {}): Redactor {
  const secrets = new Set<string>();
  let literal: RegExp | null = null;
  /** Changes whenever a secret is added: what was clean before may not be any more. */
  let generation = 0;
  const rebuild = () => {
    // Longest first, so a secret that contains another is replaced whole.
    const list = [...secrets].sort((a, b) => b.length - a.length);
    literal = list.length ? new RegExp(list.map(escapeRegExp).join('|'), 'g') : null;
  };
  const add = (s: string | null | undefined) => {
    const v = s?.trim();
    if (!v || v.length < MIN_SECRET_LENGTH || secrets.has(v)) return;
    secrets.add(v);
    generation++;
    rebuild();
  };
  for (const s of secretsFromEnv(opts.env ?? {})) add(s);
  for (const s of opts.secrets ?? []) add(s);

  const text = (s: string): string => {
    // Nothing shorter can hold a secret or a secret's shape: the common case, made cheap.
    if (s.length < MIN_SECRET_LENGTH) return s;
    let out = literal ? s.replace(literal, REDACTED) : s;
    if (!MAY_HAVE_SHAPE.test(out)) return out;
    for (const [re, to] of SHAPES) out = out.replace(re, to);
    return out;
  };

  const walk = (v: unknown, depth: number, clean: WeakSet<object> | null): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object' || depth > 64) return v;
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Date) return v;
    if (clean?.has(v)) return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'number' || typeof item === 'boolean' || item === null) continue;
        const r = walk(item, depth + 1, clean);
        if (r !== item) (copy ??= [...v])[i] = r;
      }
      if (!copy) clean?.add(v);
      return copy ?? v;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    let copy: Record<string, unknown> | null = null;
    for (const [k, item] of Object.entries(v)) {
      const rk = text(k);
      const r = walk(item, depth + 1, clean);
      if (r !== item || rk !== k) {
        copy ??= { ...(v as Record<string, unknown>) };
        if (rk !== k) delete copy[k];
        copy[rk] = r;
      }
    }
    if (!copy) clean?.add(v);
    return copy ?? v;
  };

  const immutableValue = <T>(v: T, seen: CleanSet): T => {
    if (seen.generation !== generation) {
      seen.objects = new WeakSet();
      seen.generation = generation;
    }
    return walk(v, 0, seen.objects) as T;
  };

  return { text, value: <T>(v: T) => walk(v, 0, null) as T, immutableValue, add };
}

let processRedactor: Redactor | undefined;

/** The redactor of this process: the secrets of its environment, plus those added at run time. */
export function redactor(): Redactor {
  return (processRedactor ??= createRedactor({ env: process.env }));
}

export const redactText = (s: string): string => redactor().text(s);
export const redactValue = <T>(v: T): T => redactor().value(v);
/** redactValue for values never changed once made, remembering what was clean in `seen` (see Redactor.immutableValue). */
export const redactImmutableValue = <T>(v: T, seen: CleanSet): T => redactor().immutableValue(v, seen);
/** Registers a secret this process uses (e.g. an LLM key given in code, not the environment). */
export const registerSecret = (s: string | null | undefined): void => redactor().add(s);

/**
 * Redacts one run's node outputs. Outputs are never changed once made (the engine caches them and
 * hands the same objects to every node downstream), so what was found clean is not walked again
 * in that run: one per run, as what it remembers lives as long as it does.
 */
export function runOutputsRedactor(): <T>(outputs: T) => T {
  const seen = newCleanSet();
  return (outputs) => redactImmutableValue(outputs, seen);
}
