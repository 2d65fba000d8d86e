import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { summarizeValue } from '../lib/describe-value';
import { approvalParams, approvalPause, approvalUi, compact, decide } from './policy';

/**
 * A person in the loop: the branch below waits here until someone approves (the value
 * passes on unchanged), overrides (their value passes on instead) or rejects (the branch
 * stops with the reason). Only this branch waits.
 */
export default defineNode({
  type: 'approval.gate',
  version: 1,
  ui: {
    title: 'Approval gate',
    category: 'approval',
    description: 'Pauses its branch until a person approves, overrides or rejects (automatic / optional / required, with a timeout and a default action). Passes the value on; the decision flows downstream too.',
    params: approvalUi,
  },
  params: z.object({ ...approvalParams, allowOverride: z.boolean().default(false) }),
  inputs: { value: port.optional(port.any, 'Value to approve'), context: port.optional(port.any, 'Context shown to the approver') },
  outputs: { value: port.any, decision: port.json },
  cache: 'never',
  approvalPause,
  // The wait is the approval's own timeout, not the engine's node timeout.
  timeoutMs: 0,
  async execute({ params, inputs, services, signal, log }) {
    const shown = inputs.context ?? inputs.value;
    const decision = await decide(
      params,
      {
        title: params.title || 'Approve to continue',
        message: params.message || `The branch below waits for your approval. Value: ${summarizeValue(inputs.value)}.`,
        context: { summary: summarizeValue(shown), value: compact(shown) },
        approveLabel: 'Approve (continue)',
        allowOverride: params.allowOverride,
      },
      services,
      signal,
      (m) => log('info', m),
    );
    return { value: decision.decision === 'override' ? decision.value : inputs.value, decision };
  },
});
