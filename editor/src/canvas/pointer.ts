import { flowInstance } from './flow-instance';

/** The last pointer position over the canvas, in flow coordinates: where pastes land. */
let last: { x: number; y: number } | null = null;

export function rememberPointer(e: React.PointerEvent): void {
  const inst = flowInstance();
  if (inst) last = inst.screenToFlowPosition({ x: e.clientX, y: e.clientY });
}

export function lastPointer(): { x: number; y: number } | null {
  return last;
}
