/**
 * Candle times in files come as epoch milliseconds, epoch seconds or ISO 8601 text. Numbers
 * below 1e11 are read as seconds (1e11 ms is March 1973, before any market data we take;
 * 1e11 s is the year 5138), numbers from 1e11 to 1e14 as milliseconds; larger ones (micro-
 * or nanoseconds) are refused rather than guessed. Text without a time zone is UTC, never
 * the machine's local time, so an import gives the same rows everywhere.
 */
export type ParsedTimestamp = { ok: true; ms: number } | { ok: false; reason: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseTimestamp(value: unknown): ParsedTimestamp {
  if (typeof value === 'number') return fromNumber(value, String(value));
  if (typeof value !== 'string') return { ok: false, reason: `ts ${JSON.stringify(value) ?? String(value)} is not a number or a date` };
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'ts is empty' };
  if (NUMERIC.test(text)) return fromNumber(Number(text), text);
  const m = ISO.exec(text);
  if (!m) return { ok: false, reason: `ts "${text}" is not epoch ms, epoch seconds or an ISO date` };
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, frac ? Math.round(Number(frac) * 1000) : 0);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== +y! || check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    return { ok: false, reason: `ts "${text}" is not a valid date` };
  }
  return { ok: true, ms: ms - zoneOffsetMs(zone) };
}

function fromNumber(n: number, shown: string): ParsedTimestamp {
  if (!Number.isFinite(n)) return { ok: false, reason: `ts ${shown} is not a finite number` };
  if (n < 0) return { ok: false, reason: `ts ${shown} is negative` };
  if (n < 1e11) return { ok: true, ms: Math.round(n * 1000) };
  if (n < 1e14) return { ok: true, ms: Math.round(n) };
  return { ok: false, reason: `ts ${shown} is too large for epoch ms (micro- or nanoseconds?)` };
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
