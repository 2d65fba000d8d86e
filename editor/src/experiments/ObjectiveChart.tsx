import type { Iteration } from './experiments-api';

const W = 360;
const H = 120;
const PAD = 24;

/**
 * The objective per iteration as an SVG: one dot per finished iteration (failed ones are
 * left out: they have no score) and the best-so-far line, which only ever moves toward the
 * objective's direction.
 */
export function ObjectiveChart({ iterations, direction }: { iterations: readonly Iteration[]; direction: 'maximize' | 'minimize' }) {
  const scored = iterations.filter((i) => i.objective !== null).sort((a, b) => a.seq - b.seq) as (Iteration & { objective: number })[];
  if (scored.length === 0) return <div className="muted experiment-chart-empty">No scored iteration yet.</div>;
  const maxSeq = Math.max(...scored.map((i) => i.seq), 2);
  const values = scored.map((i) => i.objective);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const x = (seq: number) => PAD + ((seq - 1) / (maxSeq - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + 8 - ((v - lo) / (hi - lo)) * (H - 2 * PAD);
  let best = scored[0]!.objective;
  const bestPoints = scored.map((i) => {
    best = direction === 'maximize' ? Math.max(best, i.objective) : Math.min(best, i.objective);
    return `${x(i.seq).toFixed(1)},${y(best).toFixed(1)}`;
  });
  return (
    <svg className="experiment-chart" data-testid="objective-chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Objective of ${scored.length} iterations`}>
      <line x1={PAD} y1={H - PAD + 8} x2={W - PAD} y2={H - PAD + 8} className="axis" />
      <text x={PAD} y={H - 2} className="tick">#1</text>
      <text x={W - PAD} y={H - 2} className="tick" textAnchor="end">#{maxSeq}</text>
      <text x={2} y={12} className="tick">{hi.toPrecision(3)}</text>
      <text x={2} y={H - PAD + 8} className="tick">{lo.toPrecision(3)}</text>
      <polyline points={bestPoints.join(' ')} className="best-line" fill="none" />
      {scored.map((i) => (
        <circle key={i.id} cx={x(i.seq)} cy={y(i.objective)} r={3} className="point" data-seq={i.seq}>
          <title>{`#${i.seq}: ${i.objective.toPrecision(4)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
