import { isFrameLike } from '@coinlab/shared';

/** A one-line human summary of a port value, for node cards and run events. */
export function summarizeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}...` : value;
  if (isFrameLike(value)) {
    const rows = value.groups.reduce((n, g) => n + g.ts.length, 0);
    const cols = Object.keys(value.groups[0]?.columns ?? {});
    return `${value.kind}: ${rows} rows, ${value.groups.length} coin${value.groups.length === 1 ? '' : 's'}, columns ${cols.slice(0, 6).join(', ')}${cols.length > 6 ? ` +${cols.length - 6}` : ''}`;
  }
  if (Array.isArray(value)) return `${value.length} items`;
  if (typeof value === 'object' && value !== null) {
    const kind = (value as { kind?: unknown }).kind;
    // EDA results (eda/result.ts): their title and how many charts they saved.
    if (kind === 'eda') {
      const { title, charts } = value as { title?: unknown; charts?: unknown };
      const n = Array.isArray(charts) ? charts.length : 0;
      return `eda: ${typeof title === 'string' ? title : 'result'}${n ? `, ${n} chart${n === 1 ? '' : 's'}` : ''}`;
    }
    if (typeof kind === 'string') return kind;
    return `object with ${Object.keys(value).length} keys`;
  }
  return String(value);
}
