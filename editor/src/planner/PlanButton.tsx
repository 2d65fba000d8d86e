import { usePlannerStore } from './planner-store';
import { GoalDialog } from './GoalDialog';
import { confirmReplaceCanvas } from '../app/replace-guard';

/** The toolbar's entry to the goal box. */
export function PlanButton({ className = 'btn ghost' }: { className?: string }) {
  const show = usePlannerStore((s) => s.show);
  return (
    <button className={className} onClick={() => confirmReplaceCanvas('Planning from a goal', show)} title="Describe a goal and get a runnable graph" data-testid="plan-from-goal">
      ✦ Plan from goal
    </button>
  );
}

/** The goal dialog when open; mounted once in the app shell. */
export function PlannerLayer() {
  const open = usePlannerStore((s) => s.open);
  return open ? <GoalDialog /> : null;
}
