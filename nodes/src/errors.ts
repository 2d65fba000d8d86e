/**
 * Why a node failed, as a code the runtime can act on without reading the message:
 * - `insufficient_data`: the data in range is too little or too one-sided for the node (no
 *   candles, no rows left, one class only, too few bars for a feature); more data may fix it.
 * - `invalid_input`: a param or an input is wrong whatever the data.
 */
export type NodeErrorCode = 'insufficient_data' | 'invalid_input';

/** A node failure with a typed code; the message names what is wrong for the user. */
export class NodeError extends Error {
  constructor(
    readonly code: NodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

/** The code of a failure, when it has one (errors from other libraries have none). */
export function nodeErrorCode(err: unknown): NodeErrorCode | undefined {
  return err instanceof NodeError ? err.code : undefined;
}
