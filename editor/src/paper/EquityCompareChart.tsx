import { axisDate, compareChart, type CurvePoint } from './compare-chart';

const BOX = { width: 260, height: 84, left: 34, right: 4, top: 4, bottom: 14 };

/**
 * A portfolio's paper equity and its backtest's equity on one time axis, the paper period
 * shaded, with a legend: small enough for a table cell, readable at 1280x800. See compareChart
 * for the window and the rebasing.
 */
export function EquityCompareChart({ name, paper, backtest }: { name: string; paper: readonly CurvePoint[]; backtest: readonly CurvePoint[] }) {
  const c = compareChart(paper, backtest, BOX);
  const bottom = BOX.height - BOX.bottom;
  return (
    <figure className="paper-compare">
      <svg width={BOX.width} height={BOX.height} role="img" aria-label={`Paper and backtest equity of ${name}`}>
        {c.paperBand && <rect className="paper-band" x={c.paperBand.x0} y={BOX.top} width={Math.max(1, c.paperBand.x1 - c.paperBand.x0)} height={bottom - BOX.top} />}
        <line className="paper-axis" x1={BOX.left} y1={bottom} x2={BOX.width - BOX.right} y2={bottom} />
        <line className="paper-axis" x1={BOX.left} y1={BOX.top} x2={BOX.left} y2={bottom} />
        <text className="paper-tick" x={BOX.left - 3} y={BOX.top + 7} textAnchor="end">
          {c.equity.hi.toFixed(2)}
        </text>
        <text className="paper-tick" x={BOX.left - 3} y={bottom} textAnchor="end">
          {c.equity.lo.toFixed(2)}
        </text>
        {c.time && (
          <>
            <text className="paper-tick" x={BOX.left} y={BOX.height - 2}>
              {axisDate(c.time.from)}
            </text>
            <text className="paper-tick" x={BOX.width - BOX.right} y={BOX.height - 2} textAnchor="end">
              {axisDate(c.time.to)}
            </text>
          </>
        )}
        {/* Backtest dashed on top: where paper matches it bar for bar both stay visible. */}
        <polyline className="paper-curve-paper" points={c.paper} />
        <polyline className="paper-curve-backtest" points={c.backtest} />
      </svg>
      <figcaption className="paper-legend">
        <span className="key paper">paper</span>
        <span className="key backtest">backtest (1 at paper start)</span>
        <span className="key band">paper period</span>
      </figcaption>
    </figure>
  );
}
