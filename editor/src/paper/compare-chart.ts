/** One point of an equity curve as the paper API sends it. */
export interface CurvePoint {
  ts: string;
  equity: number;
}

/** The plot area inside the SVG (px), leaving room for the axis labels. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface CompareChart {
  /** SVG polyline points ("" when the curve has fewer than one drawable point). */
  paper: string;
  backtest: string;
  /** The paper period on the shared time axis (x from, x to), null before the first paper bar. */
  paperBand: { x0: number; x1: number } | null;
  /** Axis ends, for the labels. */
  equity: { lo: number; hi: number };
  time: { from: number; to: number } | null;
}

const finite = (c: readonly CurvePoint[]) => c.map((p) => ({ t: Date.parse(p.ts), v: p.equity })).filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));

/**
 * Both curves on one time axis and one equity axis. With paper bars the axis shows the paper
 * period and as long a stretch of backtest before it (a long backtest would squeeze the paper
 * period to a sliver), and the backtest is rebased to 1 at the paper start, where the paper
 * equity starts too: what reads is whether paper keeps pace with the backtest over the same
 * bars. Without paper bars it is the whole backtest as the node reported it.
 */
export function compareChart(paper: readonly CurvePoint[], backtest: readonly CurvePoint[], box: ChartBox): CompareChart {
  const p = finite(paper);
  let b = finite(backtest);
  if (p.length > 0) {
    const start = p[0]!.t;
    const end = p[p.length - 1]!.t;
    const from = start - Math.max(end - start, 1);
    const base = [...b].reverse().find((q) => q.t <= start) ?? b.find((q) => q.t >= start);
    const scale = base && base.v > 0 ? 1 / base.v : 1;
    b = b.filter((q) => q.t >= from).map((q) => ({ t: q.t, v: q.v * scale }));
  }
  const all = [...p, ...b];
  if (all.length === 0) return { paper: '', backtest: '', paperBand: null, equity: { lo: 1, hi: 1 }, time: null };
  const from = Math.min(...all.map((x) => x.t));
  const to = Math.max(...all.map((x) => x.t));
  const lo = Math.min(...all.map((x) => x.v));
  const hi = Math.max(...all.map((x) => x.v));
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  // A single bar or a flat curve still draws: in the middle of a zero-width span.
  const x = (t: number) => box.left + (to === from ? plotW / 2 : ((t - from) / (to - from)) * plotW);
  const y = (v: number) => box.top + (hi === lo ? plotH / 2 : plotH - ((v - lo) / (hi - lo)) * plotH);
  const points = (c: { t: number; v: number }[]) => c.map((q) => `${x(q.t).toFixed(1)},${y(q.v).toFixed(1)}`).join(' ');
  return {
    paper: points(p),
    backtest: points(b),
    paperBand: p.length > 0 ? { x0: x(p[0]!.t), x1: x(p[p.length - 1]!.t) } : null,
    equity: { lo, hi },
    time: { from, to },
  };
}

/** "Mar 4" style date for an axis end (UTC, as bars are stored). */
export const axisDate = (ms: number): string => new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
