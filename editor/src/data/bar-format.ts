/** A bar spacing for people: "5 min", "1 h", "1 day". */
export function formatBarSpacing(ms: number | null | undefined): string {
  if (!ms) return '—';
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? '1 day' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** A bar's time in UTC: the date alone for daily (or longer) bars, else date and minutes. */
export function formatBarTime(ts: number | null | undefined, barMs: number | null | undefined): string {
  if (ts == null) return '—';
  const iso = new Date(ts).toISOString();
  return barMs && barMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
