import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { RunEvent } from '@coinlab/shared';
import { PlanError, type PlanAnswers, type PlanOptions, type PlanResult } from '../../planner';
import { CliApprover, parseApproveMode, type ApprovePolicy } from '../approver';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { runPlanThroughServer, serverPlanner } from '../remote/plan-remote';
import { ProgressDisplay } from '../progress-display';

export const PLAN_USAGE =
  'usage: coinlab plan "GOAL" [--out FILE] [--run] [--answer FIELD=VALUE]... [--approve auto|reject|prompt] [--no-llm] [--no-dry-run] [--json]';

function parseAnswers(list: string[] | undefined): PlanAnswers {
  const answers: PlanAnswers = {};
  for (const a of list ?? []) {
    const m = /^(coins|direction|range|target)=(.+)$/.exec(a);
    if (!m) throw new UsageError(`--answer must be FIELD=VALUE with FIELD one of coins, direction, range, target (got "${a}")`);
    answers[m[1] as keyof PlanAnswers] = m[2]!;
  }
  return answers;
}

function printPlan(out: NodeJS.WritableStream, r: Extract<PlanResult, { status: 'planned' }>): void {
  out.write(`planned "${r.document.name}" (${r.document.nodes.length} nodes, ${r.document.edges.length} edges, ${r.planner} planner)\n`);
  for (const n of r.notes) out.write(`  - ${n}\n`);
  if (r.dryRun) out.write(`dry run on ${r.dryRun.sampleBars === null ? 'the whole range' : `the last ${r.dryRun.sampleBars} bars`}: ${r.dryRun.ok ? 'ok' : `FAILED: ${r.dryRun.error}`} in ${(r.dryRun.durationMs / 1000).toFixed(2)} s\n`);
  out.write(`LLM estimate: ${r.estimate.tokens.typical} tokens typical, ${r.estimate.tokens.max} at most, $${r.estimate.costUsd.typical.toFixed(4)}..$${r.estimate.costUsd.max.toFixed(4)} — ${r.estimate.note}\n`);
  if (r.usage.calls) out.write(`planning used ${r.usage.inputTokens + r.usage.outputTokens} LLM tokens ($${r.usage.costUsd.toFixed(4)})\n`);
}

/**
 * `coinlab plan "GOAL"`: the planner headless. Ambiguous goals ask their question (on a
 * terminal) or exit 2 naming the --answer to give; the plan can be written to a file and
 * run at once, with approval gates answered per --approve, ending with the report.
 */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      run: { type: 'boolean', default: false },
      answer: { type: 'string', multiple: true },
      approve: { type: 'string' },
      'no-llm': { type: 'boolean', default: false },
      'no-dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const goal = positionals.join(' ').trim();
  if (!goal) throw new UsageError(PLAN_USAGE);
  const answers = parseAnswers(values.answer);
  const out = values.json ? process.stderr : process.stdout;
  const isTty = Boolean(process.stdin.isTTY);
  const approvePolicy: ApprovePolicy = values.run ? parseApproveMode(values.approve, isTty) : { mode: 'auto', assumed: false };
  let display: ProgressDisplay | undefined;
  let approver: CliApprover | undefined;
  const early: RunEvent[] = [];
  const target = await openCliTarget({
    onEvent: (e) => {
      if (display) display.onEvent(e);
      else early.push(e);
      approver?.onEvent(e);
    },
  });
  const runtime = target.kind === 'local' ? target.runtime : null;
  const plan = runtime ? (o: PlanOptions) => runtime.planner.plan(o, { ownerId: runtime.ownerId }) : serverPlanner((target as Extract<typeof target, { kind: 'remote' }>).server);
  try {
    let result: PlanResult;
    for (;;) {
      try {
        result = await plan({ goal, answers, useLlm: !values['no-llm'], dryRun: !values['no-dry-run'] });
      } catch (err) {
        if (err instanceof PlanError) {
          process.stderr.write(`coinlab plan: ${err.message}\n`);
          return EXIT.invalid;
        }
        throw err;
      }
      if (result.status === 'planned') break;
      const c = result.clarification;
      process.stderr.write(`\n? ${c.question}\n  ${c.context}\n${c.options.map((o) => `  - ${o.value}: ${o.label}`).join('\n')}\n`);
      if (!isTty) {
        process.stderr.write(`answer with --answer ${c.field}=VALUE (default: ${c.default})\n`);
        if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return EXIT.invalid;
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const a = (await rl.question(`  ${c.field} [${c.default}]: `)).trim();
      rl.close();
      answers[c.field] = a || c.default;
    }
    printPlan(out, result);
    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(result.document, null, 2)}\n`);
      out.write(`graph written to ${values.out}\n`);
    }
    if (values.json && !values.run) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!values.run) return EXIT.ok;

    let finished: { runId: string; status: string; durationMs: number; error: string | null; stopped: [string, string][]; usage: { calls: number; totalTokens: number; costUsd: number } | null; reportOutputs: [string, unknown][] };
    if (runtime) {
      approver = new CliApprover(approvePolicy, runtime.manager.broker);
      const graph = await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: result.document.name, document: result.document, message: `coinlab plan: ${goal.slice(0, 200)}` });
      const started = await runtime.manager.start({ document: result.document, graphId: graph.id, graphVersion: graph.currentVersion, trigger: 'cli', ownerId: runtime.ownerId });
      approver.runStarted(result.document);
      out.write(`\nrun ${started.runId} of graph ${graph.id}\n`);
      display = new ProgressDisplay(started.runId, out as NodeJS.WriteStream, Object.fromEntries(result.document.nodes.map((n) => [n.id, n.label ?? n.id])));
      for (const e of early.splice(0)) display.onEvent(e);
      const run = await started.done;
      display.finish();
      finished = {
        runId: started.runId,
        status: run.status,
        durationMs: run.durationMs,
        error: run.error,
        stopped: [...run.nodes].filter(([, n]) => n.status === 'stopped').map(([id, n]) => [id, n.error ?? '']),
        usage: (await runtime.llm.usage(started.runId)).total,
        reportOutputs: [...run.nodes].map(([id, n]) => [id, n.outputs?.report]),
      };
    } else {
      const server = (target as Extract<typeof target, { kind: 'remote' }>).server;
      const r = await runPlanThroughServer(server, result.document, goal, out, approvePolicy);
      finished = {
        runId: r.runId,
        status: r.snap.status,
        durationMs: r.snap.durationMs ?? 0,
        error: r.snap.error,
        stopped: Object.entries(r.snap.nodes).filter(([, n]) => n.status === 'stopped').map(([id, n]) => [id, n.error ?? n.skipReason ?? '']),
        usage: r.usage,
        reportOutputs: r.reportOutputs,
      };
    }
    out.write(`\n${finished.status.toUpperCase()} in ${(finished.durationMs / 1000).toFixed(2)} s${finished.error ? ` — ${finished.error}` : ''}\n`);
    for (const [id, why] of finished.stopped) out.write(`branch stopped at ${id}: ${why}\n`);
    if (finished.usage?.calls) out.write(`LLM: ${finished.usage.calls} calls, ${finished.usage.totalTokens} tokens, $${finished.usage.costUsd.toFixed(4)}\n`);
    const reports = finished.reportOutputs.flatMap(([id, value]) => {
      const r = value as { kind?: string; title?: string; markdown?: string; artifacts?: { markdown: string | null; html: string | null } } | undefined;
      return r?.kind === 'report' ? [{ id, ...r }] : [];
    });
    for (const r of reports) {
      out.write(`\n── report "${r.title}" (node ${r.id}; artifacts: markdown ${r.artifacts?.markdown ?? '-'}, html ${r.artifacts?.html ?? '-'}) ──\n${r.markdown ?? ''}\n`);
    }
    if (values.json) process.stdout.write(`${JSON.stringify({ plan: result, runId: finished.runId, status: finished.status, error: finished.error, reports: reports.map((r) => ({ node: r.id, title: r.title, artifacts: r.artifacts })) }, null, 2)}\n`);
    return finished.status === 'succeeded' ? EXIT.ok : EXIT.runFailed;
  } finally {
    await runtime?.close();
  }
}
