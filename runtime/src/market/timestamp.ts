import { EARLIEST_CANDLE_MS, isoOf, latestCandleMs, rangeText } from './plausible-time';
import { describeNonFinite } from './validate';

/**
 * Candle times in files come as epoch milliseconds, epoch seconds or ISO 8601 text. A number
 * is read in the unit that puts it inside the plausible range (1990 .. tomorrow): the seconds
 * and milliseconds readings of that range do not overlap, so the choice is never a guess.
 * A number that is plausible in neither unit (a year-5138 time read as seconds, micro- or
 * nanoseconds) is refused with both readings spelled out. Text without a time zone is UTC,
 * never the machine's local time, so an import gives the same rows everywhere.
 */
export type ParsedTimestamp = { ok: true; ms: number } | { ok: false; reason: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function parseTimestamp(value: unknown): ParsedTimestamp {
  if (typeof value === 'number') return fromNumber(value, Number.isFinite(value) ? String(value) : describeNonFinite(value));
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
  const latest = latestCandleMs();
  const plausible = (ms: number) => ms >= EARLIEST_CANDLE_MS && ms <= latest;
  if (plausible(n * 1000)) return { ok: true, ms: Math.round(n * 1000) };
  if (plausible(n)) return { ok: true, ms: Math.round(n) };
  const unit = plausible(n / 1000) ? 'microseconds' : plausible(n / 1e6) ? 'nanoseconds' : null;
  if (unit) return { ok: false, reason: `ts ${shown} is too large for epoch ms: it looks like ${unit} (${isoOf(Math.round(n / (unit === 'microseconds' ? 1000 : 1e6)))}); convert it to milliseconds` };
  return {
    ok: false,
    reason: `ts ${shown} is outside the plausible range ${rangeText()} both as epoch seconds (${isoOf(n * 1000)}) and as epoch milliseconds (${isoOf(n)})`,
  };
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
