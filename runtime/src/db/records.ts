import type { NodeStatus, RunStatus } from '@coinlab/shared';

/**
 * What the repositories return: camelCase records, independent of the SQL column names.
 * JSON columns whose shape is owned elsewhere (graph documents, results, approval
 * requests) come back as `unknown`: the caller parses them with its own schema, which is
 * also where older graph formats get migrated.
 */
export type { NodeStatus, RunStatus };

export const ARTIFACT_KINDS = ['chart', 'report', 'model', 'table', 'file'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'overridden', 'timed_out'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export type ApprovalDecision = Exclude<ApprovalStatus, 'pending'>;

/** Known triggers; the column is open text so new ones need no migration. */
export type RunTrigger = 'api' | 'cli' | 'editor' | 'schedule' | 'agent' | (string & {});

export interface UserRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface GraphRecord {
  id: string;
  ownerId: string;
  name: string;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface GraphVersionSummary {
  graphId: string;
  version: number;
  createdAt: Date;
  message: string | null;
}

export interface GraphVersionRecord extends GraphVersionSummary {
  document: unknown;
}

/** A graph with the document of its current version. */
export interface GraphWithDocument extends GraphRecord {
  document: unknown;
}

export interface RunRecord {
  id: string;
  ownerId: string;
  graphId: string | null;
  graphVersion: number | null;
  graphSnapshot: unknown;
  status: RunStatus;
  currentNode: string | null;
  trigger: RunTrigger;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  results: unknown;
  lastSeq: number;
  /** The process that executes (or executed) the run: null on runs older than this record. */
  instance: { id: string; pid: number | null; host: string | null } | null;
  /** Takeovers so far (see 0008_run_lease): the execution holding the highest may write. */
  lease: number;
  cancelRequested: string | null;
  runOptions: { noCache?: boolean; fromNode?: string } | null;
}

export interface NodeRunRecord {
  runId: string;
  nodeId: string;
  status: NodeStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  error: string | null;
  signature: string | null;
  cached: boolean;
}

export interface NodeOutputRecord {
  signature: string;
  nodeType: string;
  /** The caller's serialized outputs, verbatim. */
  outputs: string;
  createdAt: Date;
  lastUsedAt: Date;
  sizeBytes: number;
}

export interface ArtifactSummary {
  id: string;
  ownerId: string;
  runId: string | null;
  nodeId: string | null;
  kind: ArtifactKind;
  name: string;
  contentType: string;
  sizeBytes: number;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface ArtifactRecord extends ArtifactSummary {
  content: Uint8Array;
}

export interface ApprovalRecord {
  id: string;
  runId: string;
  nodeId: string;
  status: ApprovalStatus;
  request: unknown;
  response: unknown;
  createdAt: Date;
  decidedAt: Date | null;
  expiresAt: Date | null;
  decidedBy: string | null;
}
