import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { PanelResizer } from './PanelResizer';
import { clampInspectorWidth, INSPECTOR_DEFAULT, useInspectorWidth } from './inspector-width';

beforeEach(() => {
  localStorage.clear();
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: 1600 });
});
afterEach(cleanup);

/** The inspector's sizing as Inspector wires it: the hook's width on the panel, the grip beside it. */
function Harness() {
  const [width, setWidth] = useInspectorWidth();
  return (
    <>
      <PanelResizer width={width} onWidth={setWidth} defaultWidth={INSPECTOR_DEFAULT} label="Resize" />
      <aside data-testid="panel" style={{ width }} />
    </>
  );
}

const panelWidth = (c: HTMLElement) => (c.querySelector('[data-testid="panel"]') as HTMLElement).style.width;

describe('the inspector can be made wider for outputs', () => {
  test('widths stay between 300 px and what leaves the canvas room', () => {
    expect(clampInspectorWidth(100, 1600)).toBe(300);
    expect(clampInspectorWidth(640, 1600)).toBe(640);
    expect(clampInspectorWidth(2000, 1600)).toBe(940);
    expect(clampInspectorWidth(700, 1280)).toBe(620);
    expect(clampInspectorWidth(700, 800)).toBe(300);
  });

  test('dragging the left edge widens the panel; the width is kept for the next visit', () => {
    const { container } = render(<Harness />);
    expect(panelWidth(container)).toBe('352px');
    const grip = container.querySelector('[role="separator"]')!;
    fireEvent.pointerDown(grip, { clientX: 1200, pointerId: 1 });
    fireEvent.pointerMove(grip, { clientX: 1000, pointerId: 1 });
    fireEvent.pointerUp(grip, { clientX: 1000, pointerId: 1 });
    expect(panelWidth(container)).toBe('552px');
    fireEvent.pointerMove(grip, { clientX: 500, pointerId: 1 }); // not dragging any more
    expect(panelWidth(container)).toBe('552px');
    expect(localStorage.getItem('coinlab.inspectorWidth')).toBe('552');
    cleanup();
    expect(panelWidth(render(<Harness />).container)).toBe('552px');
  });

  test('arrow keys step the width and a double-click restores the default', () => {
    const { container } = render(<Harness />);
    const grip = container.querySelector('[role="separator"]')!;
    fireEvent.keyDown(grip, { key: 'ArrowLeft' });
    expect(panelWidth(container)).toBe('376px');
    fireEvent.doubleClick(grip);
    expect(panelWidth(container)).toBe('352px');
  });
});
