import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { emptyNodeState, type NodeRunState } from '@coinlab/shared';
import { NodeRunPanel } from './NodeRunPanel';

afterEach(cleanup);

const state = (patch: Partial<NodeRunState>): NodeRunState => ({ ...emptyNodeState(), ...patch });

describe('NodeRunPanel', () => {
  test('a stopped node (rejected gate) says stopped with the reason, not skipped', () => {
    const { container } = render(<NodeRunPanel nodeId="gate" state={state({ status: 'stopped', durationMs: 600, skipReason: 'rejected by alice: too risky' })} />);
    expect(container.textContent).toContain('Stopped: rejected by alice: too risky');
    expect(container.textContent).not.toContain('Skipped');
  });

  test('a skipped node says skipped with the reason', () => {
    const { container } = render(<NodeRunPanel nodeId="summary" state={state({ status: 'skipped', skipReason: 'upstream node "gate" stopped the branch' })} />);
    expect(container.textContent).toContain('Skipped: upstream node "gate" stopped the branch');
  });
});
