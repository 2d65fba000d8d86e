import type { CoinFrame, SeriesValue } from '@coinlab/shared';
import { NodeInputError } from '../define';
import type { DatasetValue } from '../port-values';
import type { TargetInfo } from '../target/target-series';

/** What assembling a dataset dropped, per coin, so users see why rows went missing. */
export interface DatasetCoinReport {
  coin: string;
  rows: number;
  kept: number;
  /** Rows before the first row with every feature defined (the longest warm-up). */
  warmup: number;
  /** Rows after the warm-up dropped for a missing or infinite feature. */
  nonFinite: number;
  /** Rows without a target, mostly the last `horizon` rows whose future is past the end. */
  noTarget: number;
  positiveRate: number | null;
}
export interface DatasetReport {
  features: string[];
  target: string;
  task: TargetInfo['task'];
  horizon: number;
  rows: number;
  kept: number;
  coins: DatasetCoinReport[];
  /** Features left out because they are the target itself (a leak). */
  excluded: string[];
}

interface FrameLike {
  groups: CoinFrame[];
}

/** Row index in `frame` for each row of `ts` (-1 when absent); identity when the timestamps match. */
function alignRows(ts: readonly number[], other: readonly number[]): Int32Array | null {
  if (ts === other || (ts.length === other.length && ts.every((t, i) => t === other[i]))) return null;
  const at = new Map<number, number>();
  other.forEach((t, i) => at.set(t, i));
  return Int32Array.from(ts, (t) => at.get(t) ?? -1);
}

const sameValue = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Whether two tables hold the same values under a column name for every coin (the same table wired twice). */
function sameColumn(a: FrameLike, b: FrameLike, col: string): boolean {
  return a.groups.every((ga) => {
    const gb = b.groups.find((g) => g.coin === ga.coin);
    const x = ga.columns[col], y = gb?.columns[col];
    return !!gb && !!x && !!y && x.length === y.length && ga.ts.every((t, i) => t === gb.ts[i]) && x.every((v, i) => sameValue(v, y[i]!));
  });
}

/**
 * Joins feature frames and a target series by coin and timestamp into a dataset, keeping the
 * rows where every feature is finite and the target is defined. Rows are never reordered, so
 * splits can stay chronological.
 */
export function assembleDataset(featureFrames: readonly FrameLike[], target: SeriesValue, info: TargetInfo): { dataset: DatasetValue; report: DatasetReport } {
  const targetName = target.name;
  const names: string[] = [];
  const excluded: string[] = [];
  const firstFrame = new Map<string, number>();
  featureFrames.forEach((frame, k) => {
    for (const col of Object.keys(frame.groups[0]?.columns ?? {})) {
      const prior = firstFrame.get(col);
      if (col === targetName) {
        if (!excluded.includes(col)) excluded.push(col);
      } else if (prior === undefined) {
        names.push(col);
        firstFrame.set(col, k);
      } else if (!sameColumn(featureFrames[prior]!, frame, col)) {
        throw new NodeInputError(k === 0 ? 'inputs.features' : 'inputs.extra', `column "${col}" comes from two inputs with different values; rename one`);
      }
    }
  });
  if (names.length === 0) throw new NodeInputError('inputs.features', 'has no feature columns');
  const coins: DatasetCoinReport[] = [];
  const groups: CoinFrame[] = target.groups.map((tg) => {
    const y = tg.columns[targetName];
    if (!y) throw new NodeInputError('inputs.target', `has no column "${targetName}" for ${tg.coin}`);
    const n = tg.ts.length;
    const cols: (readonly number[])[] = [];
    const maps: (Int32Array | null)[] = [];
    featureFrames.forEach((frame, k) => {
      const g = frame.groups.find((x) => x.coin === tg.coin);
      if (!g) throw new NodeInputError(k === 0 ? 'inputs.features' : 'inputs.extra', `has no rows for ${tg.coin}, which the target has`, 'insufficient_data');
      const map = alignRows(tg.ts, g.ts);
      names.forEach((name, j) => {
        if (firstFrame.get(name) !== k) return;
        cols[j] = g.columns[name]!;
        maps[j] = map;
      });
    });
    names.forEach((name, j) => {
      if (!cols[j]) throw new NodeInputError('inputs.features', `has no column "${name}" for ${tg.coin}`);
    });
    // A row is complete when every feature is finite: one tight loop per column.
    const complete = new Uint8Array(n).fill(1);
    cols.forEach((col, j) => {
      const map = maps[j];
      // v - v is 0 exactly for finite v and NaN for NaN and +-Infinity: no call per value.
      if (map) for (let i = 0; i < n; i++) complete[i] = complete[i]! & (map[i]! >= 0 && col[map[i]!]! - col[map[i]!]! === 0 ? 1 : 0);
      else for (let i = 0; i < n; i++) if (col[i]! - col[i]! !== 0) complete[i] = 0;
    });
    const keep = new Uint8Array(n);
    let kept = 0, warmup = 0, nonFinite = 0, noTarget = 0, positives = 0;
    let seenComplete = false;
    for (let i = 0; i < n; i++) {
      const finite = complete[i] === 1;
      if (finite) seenComplete = true;
      const hasTarget = !Number.isNaN(y[i]!);
      if (finite && hasTarget) {
        keep[i] = 1;
        kept++;
        if (y[i]! > 0) positives++;
      } else if (!seenComplete) warmup++;
      else if (!hasTarget) noTarget++;
      else nonFinite++;
    }
    const ts = new Array<number>(kept);
    const out: Record<string, number[]> = {};
    names.forEach((name, j) => {
      const src = cols[j]!, map = maps[j];
      const dst = new Array<number>(kept);
      let k = 0;
      for (let i = 0; i < n; i++) if (keep[i]) dst[k++] = src[map ? map[i]! : i]!;
      out[name] = dst;
    });
    const yOut = new Array<number>(kept);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      ts[k] = tg.ts[i]!;
      yOut[k++] = y[i]!;
    }
    out[targetName] = yOut;
    coins.push({ coin: tg.coin, rows: n, kept, warmup, nonFinite, noTarget, positiveRate: info.task === 'classification' && kept ? positives / kept : null });
    return { coin: tg.coin, ts, columns: out };
  });
  const dataset: DatasetValue = {
    kind: 'dataset',
    barMinutes: target.barMinutes,
    task: info.task,
    features: names,
    target: targetName,
    direction: info.direction,
    horizon: info.horizon,
    groups,
  };
  const report: DatasetReport = {
    features: names,
    target: targetName,
    task: info.task,
    horizon: info.horizon,
    rows: coins.reduce((s, c) => s + c.rows, 0),
    kept: coins.reduce((s, c) => s + c.kept, 0),
    coins,
    excluded,
  };
  return { dataset, report };
}
