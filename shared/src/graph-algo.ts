/**
 * Returns one cycle as a list of node ids that starts and ends with the same id, or null.
 * Iterative DFS with colours so deep chains don't overflow the stack.
 */
export function findCycle(nodeIds: readonly string[], edges: readonly (readonly [string, string])[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const id of nodeIds) next.set(id, []);
  for (const [a, b] of edges) next.get(a)?.push(b);
  const colour = new Map<string, 0 | 1 | 2>(); // 0 new, 1 on stack, 2 done
  for (const start of nodeIds) {
    if (colour.get(start)) continue;
    const stack: { id: string; i: number }[] = [{ id: start, i: 0 }];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const outs = next.get(top.id) ?? [];
      if (top.i < outs.length) {
        const n = outs[top.i++]!;
        const c = colour.get(n) ?? 0;
        if (c === 1) {
          const from = stack.findIndex((f) => f.id === n);
          return [...stack.slice(from).map((f) => f.id), n];
        }
        if (c === 0) {
          colour.set(n, 1);
          stack.push({ id: n, i: 0 });
        }
      } else {
        colour.set(top.id, 2);
        stack.pop();
      }
    }
  }
  return null;
}

/** Kahn's order; nodes in a cycle are left out (validation reports cycles separately). */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly (readonly [string, string])[]): string[] {
  const indegree = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  const next = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const [a, b] of edges) {
    next.get(a)?.push(b);
    indegree.set(b, (indegree.get(b) ?? 0) + 1);
  }
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const n of next.get(id) ?? []) {
      const d = (indegree.get(n) ?? 0) - 1;
      indegree.set(n, d);
      if (d === 0) ready.push(n);
    }
  }
  return order;
}
