import type { ArtifactSummary, CoinStats, GraphSummary as WireGraphSummary, GraphVersion as WireGraphVersion, RunSummary as WireRunSummary, TemplateSummary as WireTemplateSummary } from '@coinlab/shared';

/**
 * The API's answers as the editor holds them. The shapes themselves are the shared contract
 * (shared/src/api, parsed in client.ts); the editor only turns ISO timestamps into epoch ms,
 * which is what it sorts and formats. Declare no response schema here: the contract guard
 * test fails when the editor redeclares one.
 */
export type { ApiProblem } from '@coinlab/shared';
export type Artifact = ArtifactSummary;
export type CoinInfo = CoinStats;
export type TemplateSummary = WireTemplateSummary;

type Epoch<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? number | null : number };

export type GraphSummary = Epoch<WireGraphSummary, 'createdAt' | 'updatedAt'>;
export type GraphVersion = Epoch<WireGraphVersion, 'createdAt'>;
export type RunSummary = Epoch<WireRunSummary, 'createdAt' | 'startedAt' | 'finishedAt'>;

/** An unparseable timestamp becomes NaN, which the formatters show as a dash. */
const epoch = (iso: string): number => Date.parse(iso);
const epochOrNull = (iso: string | null): number | null => (iso === null ? null : epoch(iso));

export const graphView = (g: WireGraphSummary): GraphSummary => ({ ...g, createdAt: epoch(g.createdAt), updatedAt: epoch(g.updatedAt) });
export const versionView = (v: WireGraphVersion): GraphVersion => ({ ...v, createdAt: epoch(v.createdAt) });
export const runView = (r: WireRunSummary): RunSummary => ({ ...r, createdAt: epoch(r.createdAt), startedAt: epochOrNull(r.startedAt), finishedAt: epochOrNull(r.finishedAt) });
