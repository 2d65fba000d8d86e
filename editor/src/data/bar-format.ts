/** A bar's time in UTC: the date alone for daily (or longer) bars, else date and minutes. */
export function formatBarTime(ts: number | null | undefined, barMs: number | null | undefined): string {
  if (ts == null) return '—';
  const iso = new Date(ts).toISOString();
  return barMs && barMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
