/**
 * The one place where text bound for the database is made storable. PostgreSQL refuses NUL in
 * text and jsonb, and jsonb refuses the `\udXXX` escape of a lone UTF-16 surrogate (which
 * JSON.stringify writes for one). Such characters come from anywhere — a trigger, a graph
 * name, an LLM reply, a node's error message — and one of them in a shared batch write would
 * fail every run in it. So every query parameter goes through `storableText` at the driver
 * (clean-parameters-dialect.ts), and every JSON value through `toJsonb` below, which cleans
 * strings and keys before they are serialized (after that, no escape is left to fix).
 */
const NEEDS_CLEANING = /[\0\uD800-\uDFFF]/;
const BAD_CHARS = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** NUL and lone surrogates become U+FFFD; valid text (surrogate pairs included) is returned as is. */
export function storableText(text: string): string {
  return NEEDS_CLEANING.test(text) ? text.replace(BAD_CHARS, '\uFFFD') : text;
}

/**
 * Text for a jsonb parameter. Like JSON.stringify (NaN and Infinity become null, undefined
 * members vanish), plus what jsonb itself would refuse: NUL characters and lone surrogates in
 * strings and keys become U+FFFD, and bigints become strings. A run must not fail because a
 * log line carried odd data; values that need exact NaN round-trips go through the caller's
 * codec into text columns instead (node_outputs).
 */
export function toJsonb(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => NEEDS_CLEANING.test(k))) {
      // JSON.stringify never passes keys through the replacer: rebuild the object with clean ones.
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), x]));
    }
    return v;
  });
  return text ?? 'null';
}

export function toJsonbOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : toJsonb(value);
}

/** A query parameter made storable: strings cleaned, arrays (unnest parameters) element-wise. */
export function storableParameter(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value) && value.some((v) => typeof v === 'string' || Array.isArray(v))) return value.map(storableParameter);
  return value;
}
