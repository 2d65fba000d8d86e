/** Input checks shared by the metrics: same lengths, binary labels, finite scores. */

export function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>, names: [string, string]): void {
  if (a.length !== b.length) throw new Error(`${names[1]}: has ${b.length} values, ${names[0]} has ${a.length}`);
  if (a.length === 0) throw new Error(`${names[0]}: is empty`);
}

export function checkBinary(y: ArrayLike<number>, what: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) throw new Error(`${what}: labels must be 0 or 1, got ${v} at index ${i}`);
  }
}

export function checkFinite(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${what}: non-finite value ${x[i]} at index ${i}`);
  }
}
