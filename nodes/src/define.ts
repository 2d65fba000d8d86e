import type { CachePolicy, CatalogEntry, GatePause, NodeUi, PortSpec, PortType } from '@coinlab/shared';
import type { z } from 'zod';
import type { NodeServices } from './services';
import type { PortValueMap } from './port-values';
import { NodeError, type NodeErrorCode } from './errors';

export { NodeError, nodeErrorCode, type NodeErrorCode } from './errors';

/** A port declaration that carries its value type for inference. */
export interface TypedPort<T extends PortType = PortType, Optional extends boolean = boolean, Multiple extends boolean = boolean>
  extends PortSpec {
  type: T;
  optional?: Optional;
  multiple?: Multiple;
}

type PortValue<P> = P extends TypedPort<infer T, infer O, infer M>
  ? M extends true
    ? PortValueMap[T][]
    : O extends true
      ? PortValueMap[T] | undefined
      : PortValueMap[T]
  : never;

export type InputValues<I extends Record<string, TypedPort>> = { [K in keyof I]: PortValue<I[K]> };
export type OutputValues<O extends Record<string, TypedPort>> = { [K in keyof O]: PortValueMap[O[K]['type']] };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ExecuteContext<P, I> {
  params: P;
  inputs: I;
  /** Aborted on cancel or timeout; long loops should check it (or call throwIfAborted). */
  signal: AbortSignal;
  services: NodeServices;
  /** Fraction done in [0, 1], with an optional message. Cheap to call often (throttled). */
  progress(fraction: number, message?: string): void;
  log(level: LogLevel, message: string, data?: unknown): void;
  nodeId: string;
  runId: string;
}

/**
 * A node error that names what is wrong (a parameter, an input) so users can fix it. Its code
 * says whether more data could help (`insufficient_data`) or the input is wrong as such.
 */
export class NodeInputError extends NodeError {
  constructor(
    readonly where: string,
    message: string,
    code: NodeErrorCode = 'invalid_input',
  ) {
    super(code, `${where}: ${message}`);
    this.name = 'NodeInputError';
  }
}

/**
 * Not a failure: the node decided that its branch goes no further (a quality gate that does not
 * pass, an approval that is rejected). The node shows as stopped with the reason, everything
 * downstream of it is skipped, and the run still succeeds.
 */
export class BranchStoppedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BranchStoppedError';
  }
}

export interface NodeDefinition<
  PSchema extends z.ZodType<Record<string, unknown>, Record<string, unknown>> = z.ZodType<Record<string, unknown>, Record<string, unknown>>,
  I extends Record<string, TypedPort> = Record<string, TypedPort>,
  O extends Record<string, TypedPort> = Record<string, TypedPort>,
> {
  type: string;
  version: number;
  ui: NodeUi;
  params: PSchema;
  inputs: I;
  outputs: O;
  cache: CachePolicy;
  /** Per-node execution policy; the engine applies defaults when absent. */
  timeoutMs?: number;
  retries?: number;
  migrateParams?: (fromVersion: number, params: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Approval gates only: how a node with these params pauses its run for a person (in the
   * catalog, so that the CLI and schedules can tell which gates a graph has without the
   * node's type names).
   */
  approvalPause?(params: z.output<PSchema>): GatePause;
  /**
   * Extra content that the node's result depends on besides params and inputs (for a data
   * source: a fingerprint of the rows it reads). Part of the cache signature, so re-importing
   * data re-runs the nodes that read it and nothing else.
   */
  fingerprint?(ctx: { params: z.output<PSchema>; services: NodeServices; signal: AbortSignal }): Promise<string>;
  /**
   * Starts what execute will need and can have before the node's inputs are ready (a
   * learner's worker threads), so that it overlaps the upstream nodes. Called once per node
   * type at the start of a run in which the node will execute (no cache can answer it).
   * Best effort: a failure here is ignored, and execute must work without it.
   */
  prepare?(): Promise<unknown>;
  /**
   * Its heavy work runs on worker threads (a forest's trees). Among the nodes ready at the same
   * time it starts first, and hands its work to the threads before it first waits, so that
   * nodes working on the main thread (a logistic regression beside it) overlap that work
   * instead of delaying its start.
   */
  offThread?: true;
  execute(ctx: ExecuteContext<z.output<PSchema>, InputValues<I>>): Promise<OutputValues<O>>;
}

/** Identity at run time; at compile time it infers params, inputs and outputs so nothing is cast. */
export function defineNode<
  PSchema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>,
  const I extends Record<string, TypedPort>,
  const O extends Record<string, TypedPort>,
>(def: NodeDefinition<PSchema, I, O>): NodeDefinition<PSchema, I, O> {
  return def;
}

/** The registry stores nodes with their generics erased. */
// The execute signature is contravariant in its context, so a widened alias is needed to hold
// differently-typed nodes in one array; the engine only calls it with validated values.
export type AnyNodeDefinition = Omit<NodeDefinition, 'execute' | 'fingerprint'> & {
  fingerprint?(ctx: { params: Record<string, unknown>; services: NodeServices; signal: AbortSignal }): Promise<string>;
  execute(ctx: ExecuteContext<Record<string, unknown>, Record<string, unknown>>): Promise<Record<string, unknown>>;
};

export function eraseNode<PSchema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>, I extends Record<string, TypedPort>, O extends Record<string, TypedPort>>(
  def: NodeDefinition<PSchema, I, O>,
): AnyNodeDefinition {
  return def as unknown as AnyNodeDefinition;
}

export function toCatalogEntry(def: AnyNodeDefinition): CatalogEntry {
  const { execute: _execute, fingerprint: _f, timeoutMs: _t, retries: _r, ...entry } = def;
  return entry;
}
