import { createInterface } from 'node:readline';
import { pausingGates, type GraphDocument, type InteractionRequest, type RunEvent } from '@coinlab/shared';
import { catalog, type InteractionResponse } from '@coinlab/nodes';
import type { InteractionBroker } from '../services/interactions';
import { UsageError } from './exit-codes';

/** Who takes the answers: the run manager's broker in this process, or a server's API (cli/remote). */
export type ApprovalAnswerer = Pick<InteractionBroker, 'answer'>;

export const APPROVE_MODES = ['auto', 'reject', 'prompt'] as const;
export type ApproveMode = (typeof APPROVE_MODES)[number];

/** How approval gates are answered, and whether that was chosen for the user rather than by them. */
export interface ApprovePolicy {
  mode: ApproveMode;
  /** No --approve and no terminal to ask on: `auto` was assumed, which the user is told when it matters. */
  assumed: boolean;
}

export const ASSUMED_AUTO_NOTICE = 'approvals: no terminal to ask on, so approval gates are approved automatically (use --approve prompt|reject to change that)';

/** --approve as given; without it, prompt on a terminal and auto elsewhere (assumed). */
export function parseApproveMode(value: string | undefined, isTty: boolean): ApprovePolicy {
  if (value === undefined) return isTty ? { mode: 'prompt', assumed: false } : { mode: 'auto', assumed: true };
  if (!(APPROVE_MODES as readonly string[]).includes(value)) throw new UsageError(`--approve must be one of ${APPROVE_MODES.join(', ')} (got "${value}")`);
  return { mode: value as ApproveMode, assumed: false };
}

/** The context of a request as lines for a terminal: a markdown table when the gate gives one. */
function contextLines(request: InteractionRequest): string[] {
  const ctx = request.context as { markdown?: unknown; summary?: unknown } | null | undefined;
  if (typeof ctx?.markdown === 'string') return ctx.markdown.split('\n');
  if (typeof ctx?.summary === 'string') return [ctx.summary];
  return [];
}

/**
 * Answers approval gates of a headless run: `auto` approves (the recommendation), `reject`
 * rejects (the branch stops), `prompt` asks on the terminal (or reads answers piped to
 * stdin): approve, reject, or override with a choice and a reason. One question at a time.
 */
export class CliApprover {
  private chain: Promise<void> = Promise.resolve();
  private lines: AsyncIterator<string> | undefined;
  private told = false;

  constructor(
    private readonly policy: ApprovePolicy,
    private readonly broker: ApprovalAnswerer,
    private readonly out: NodeJS.WritableStream = process.stderr,
    private readonly input: NodeJS.ReadableStream = process.stdin,
  ) {}

  /**
   * Called by every command (run, plan --run, in this process or on a server) once its run has
   * started. When `auto` was assumed and a gate of the graph will pause for a person, the user
   * is told, once. Nothing is said for a run that never started or whose gates never pause:
   * nothing is approved there on the user's behalf, and the line would only be noise.
   */
  runStarted(document: GraphDocument): void {
    if (this.told || !this.policy.assumed || pausingGates(document, catalog).length === 0) return;
    this.told = true;
    this.out.write(`${ASSUMED_AUTO_NOTICE}\n`);
  }

  onEvent(e: RunEvent): void {
    if (e.kind !== 'node.awaiting') return;
    this.chain = this.chain.then(() => this.handle(e.nodeId, e.request)).catch((err: unknown) => {
      this.out.write(`approval of ${e.nodeId} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  }

  private async handle(nodeId: string, request: InteractionRequest): Promise<void> {
    let response: InteractionResponse;
    if (this.policy.mode === 'auto') response = { decision: 'approve', by: 'cli', reason: '--approve auto' };
    else if (this.policy.mode === 'reject') response = { decision: 'reject', by: 'cli', reason: '--approve reject' };
    else response = await this.ask(nodeId, request);
    const result = await this.broker.answer(request.interactionId, response, 'cli');
    if (!result.ok) {
      if (result.reason === 'invalid') {
        this.out.write(`  not accepted: ${result.message}\n`);
        if (this.policy.mode === 'prompt') return this.handle(nodeId, request);
      } else this.out.write(`  ${nodeId}: ${result.reason === 'already_decided' ? 'already answered' : 'no longer pending'}\n`);
      return;
    }
    this.out.write(`  ${nodeId}: ${response.decision}${response.value !== undefined ? ` ${String(response.value)}` : ''} (${response.reason ?? response.by ?? ''})\n`);
  }

  private async readLine(question: string): Promise<string> {
    this.out.write(question);
    this.lines ??= createInterface({ input: this.input, terminal: false })[Symbol.asyncIterator]();
    const next = await this.lines.next();
    if (next.done) throw new Error('no more input to answer the approval with');
    return next.value.trim();
  }

  private async ask(nodeId: string, request: InteractionRequest): Promise<InteractionResponse> {
    this.out.write(`\n⏸ ${request.title} (${nodeId})\n  ${request.message}\n`);
    for (const l of contextLines(request)) this.out.write(`  ${l}\n`);
    if (request.expiresAt) this.out.write(`  (default "${request.defaultAction}" at ${new Date(request.expiresAt).toISOString()})\n`);
    const choices = (request.context as { choices?: unknown } | null)?.choices;
    const keys = `[a]pprove / [r]eject${request.allowOverride ? ' / [o]verride' : ''}`;
    for (;;) {
      const a = (await this.readLine(`  ${keys}? `)).toLowerCase();
      if (a === 'a' || a === 'approve' || a === 'y' || a === 'yes') return { decision: 'approve', by: 'cli' };
      if (a === 'r' || a === 'reject' || a === 'n' || a === 'no') {
        const reason = await this.readLine('  reason (optional): ');
        return { decision: 'reject', by: 'cli', ...(reason ? { reason } : {}) };
      }
      if (request.allowOverride && (a === 'o' || a === 'override')) {
        const list = Array.isArray(choices) ? ` (${choices.join(', ')})` : '';
        const value = await this.readLine(`  use instead${list}: `);
        const reason = await this.readLine('  reason: ');
        return { decision: 'override', value, reason, by: 'cli' };
      }
    }
  }
}
