/**
 * How each alert kind reads under the bell. The server's list of kinds is
 * runtime/src/alerts/schemas.ts (ALERT_KINDS); a kind added there and not here still reads
 * (its words, capitalized) — the editor never hides an alert it does not know.
 */
const LABELS: Record<string, string> = {
  run_failed: 'Run failed',
  approval_needed: 'Approval needed',
  budget_exhausted: 'LLM budget exhausted',
  schedule_failed: 'Schedule failed',
  converged: 'Experiment converged',
  promoted: 'Model promoted',
  performance_degraded: 'Paper performance degraded',
  graduation_ready: 'Ready to graduate',
};

export function alertKindLabel(kind: string): string {
  const known = LABELS[kind];
  if (known) return known;
  const words = kind.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
