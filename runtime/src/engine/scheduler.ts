import type { ExecutionPlan } from './plan';

export type TaskResult = 'succeeded' | 'failed' | 'stopped' | 'cancelled';

export interface ScheduleCallbacks {
  /** Starts a node; resolves when it has finished, whatever the result. */
  run(nodeId: string): Promise<TaskResult>;
  /** A node will never run because `cause` (upstream) failed or was skipped. */
  skip(nodeId: string, cause: string): void;
  /** A node will never run because the run was cancelled before it started. */
  cancel(nodeId: string): void;
}

/**
 * Ready-queue scheduling with blocker counts: a node starts as soon as everything upstream
 * has succeeded, up to `concurrency` at once, so independent branches run in parallel.
 * A failed node's dependents are skipped (transitively); other branches carry on.
 */
export function schedule(plan: ExecutionPlan, cb: ScheduleCallbacks, opts: { concurrency: number; signal: AbortSignal }): Promise<void> {
  const blockers = new Map<string, number>();
  // Topological order, except that nodes whose work runs on other threads go first among those
  // ready together (NodeDefinition.offThread): their threads then work while the others run here.
  const offThreadFirst = plan.order.length;
  const rank = new Map(plan.order.map((id, i) => [id, plan.nodes.get(id)!.def.offThread ? i - offThreadFirst : i]));
  const ready: string[] = [];
  for (const [id, n] of plan.nodes) {
    blockers.set(id, n.blockers);
    if (n.blockers === 0) ready.push(id);
  }
  ready.sort((a, b) => rank.get(a)! - rank.get(b)!);
  let running = 0;
  let settled = 0;
  const total = plan.nodes.size;
  const done = new Set<string>();

  return new Promise<void>((resolve) => {
    const finishIfDone = () => {
      if (settled === total) resolve();
    };
    const markSettled = (id: string) => {
      if (done.has(id)) return false;
      done.add(id);
      settled++;
      return true;
    };
    const skipDownstream = (from: string) => {
      const stack = [...plan.nodes.get(from)!.dependents.map((d) => [d, from] as const)];
      while (stack.length) {
        const [id, cause] = stack.pop()!;
        if (!markSettled(id)) continue;
        cb.skip(id, cause);
        for (const d of plan.nodes.get(id)!.dependents) stack.push([d, id]);
      }
    };
    const cancelRest = () => {
      for (const id of plan.order) if (markSettled(id)) cb.cancel(id);
      ready.length = 0;
      finishIfDone();
    };
    const pump = () => {
      if (opts.signal.aborted) {
        if (running === 0) cancelRest();
        return;
      }
      while (running < opts.concurrency && ready.length) {
        const id = ready.shift()!;
        running++;
        void cb.run(id).then((result) => {
          running--;
          markSettled(id);
          if (result === 'succeeded') {
            for (const d of plan.nodes.get(id)!.dependents) {
              const left = blockers.get(d)! - 1;
              blockers.set(d, left);
              if (left === 0 && !done.has(d)) insertByRank(ready, d, rank);
            }
          } else if (result === 'failed' || result === 'stopped') {
            skipDownstream(id);
          }
          if (opts.signal.aborted && running === 0) cancelRest();
          else pump();
          finishIfDone();
        });
      }
      if (running === 0 && ready.length === 0) {
        // Nothing can start any more (everything left is blocked by failures): finished.
        for (const id of plan.order) if (markSettled(id)) cb.skip(id, 'upstream');
        finishIfDone();
      }
    };
    opts.signal.addEventListener('abort', () => {
      if (running === 0) cancelRest();
    }, { once: true });
    if (total === 0) resolve();
    else pump();
  });
}

function insertByRank(queue: string[], id: string, rank: ReadonlyMap<string, number>): void {
  const r = rank.get(id)!;
  let i = queue.length;
  while (i > 0 && rank.get(queue[i - 1]!)! > r) i--;
  queue.splice(i, 0, id);
}
