/**
 * Text for a jsonb parameter. Like JSON.stringify (NaN and Infinity become null, undefined
 * members vanish), plus what jsonb itself would refuse: NUL characters in strings become
 * U+FFFD, and bigints become strings. A run must not fail because a log line carried odd
 * data; values that need exact NaN round-trips go through the caller's codec into text
 * columns instead (node_outputs).
 */
export function toJsonb(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.includes('\0')) return v.replaceAll('\0', '\uFFFD');
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
  return text ?? 'null';
}

export function toJsonbOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : toJsonb(value);
}
