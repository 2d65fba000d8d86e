import { Cron } from 'croner';

/**
 * Cron arithmetic, all through croner (5 fields, or 6 with seconds first), in an IANA zone so
 * "9:00 every weekday" stays 9:00 local across daylight-saving changes.
 */

/** Why a pattern is refused (croner's message), or null when it is usable. */
export function cronProblem(pattern: string): string | null {
  try {
    const c = new Cron(pattern, { paused: true, timezone: 'UTC' });
    if (!c.nextRun(new Date())) return 'the pattern never fires';
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
  }
}

/** Whether the runtime knows this IANA time zone (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const pattern = (cron: string, timezone: string) => new Cron(cron, { paused: true, timezone });

/** The first fire time strictly after `after`, or null when there is none before `endsAt`. */
export function nextFireAfter(cron: string, timezone: string, after: Date, endsAt: Date | null = null): Date | null {
  const next = pattern(cron, timezone).nextRun(after);
  if (!next) return null;
  return endsAt && next.getTime() > endsAt.getTime() ? null : next;
}

/**
 * The fire times from `first` (a fire time, included) up to `now` (and not past `endsAt`): how
 * many, and the latest — what a stopped lab missed. An every-second pattern down for a day is
 * 86 400 steps, a few milliseconds; `limit` only guards against pathological cases (the count
 * then reads "at least").
 */
export function dueTimes(cron: string, timezone: string, first: Date, now: Date, endsAt: Date | null, limit = 1_000_000): { count: number; last: Date } {
  const until = endsAt && endsAt.getTime() < now.getTime() ? endsAt : now;
  const c = pattern(cron, timezone);
  let count = 1;
  let last = first;
  for (let t = c.nextRun(first); t && t.getTime() <= until.getTime() && count < limit; t = c.nextRun(t)) {
    count += 1;
    last = t;
  }
  return { count, last };
}
