/**
 * A bar spacing (or a span of whole bars) for people: "5 min", "1 h", "1 day", "12 days". The
 * Data panel's spacing column and the data nodes' warnings say it the same way.
 */
export function formatBarSpacing(ms: number | null | undefined): string {
  if (!ms) return '—';
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? '1 day' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
