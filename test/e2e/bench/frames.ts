import type { Page } from 'playwright-core';

/**
 * Frame counting and real input for the editor benchmark. Frames are counted by
 * requestAnimationFrame inside the page while the benchmark drives Chromium's own input
 * pipeline (page.mouse: pointer drags and wheel events, as d3-zoom in React Flow receives
 * them from a person), so the figure includes event handling, React, style, layout and paint.
 */
export interface FrameStats {
  fps: number;
  /** Frames in the slowest one-second window. */
  worstWindowFps: number;
  longestFrameMs: number;
}

interface FrameWindow {
  __benchFrames?: number[];
  __benchStop?: boolean;
}

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as FrameWindow;
    const frames: number[] = [];
    w.__benchFrames = frames;
    w.__benchStop = false;
    const tick = (t: number) => {
      frames.push(t);
      if (!w.__benchStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopFrames(page: Page): Promise<FrameStats> {
  const frames = await page.evaluate(() => {
    const w = window as unknown as FrameWindow;
    w.__benchStop = true;
    return w.__benchFrames ?? [];
  });
  return frameStats(frames);
}

export function frameStats(frames: readonly number[]): FrameStats {
  if (frames.length < 2) return { fps: 0, worstWindowFps: 0, longestFrameMs: Infinity };
  const first = frames[0]!;
  const last = frames[frames.length - 1]!;
  const fps = (frames.length - 1) / ((last - first) / 1000);
  let worst = Infinity;
  for (let w = first; w + 1000 <= last; w += 250) worst = Math.min(worst, frames.filter((f) => f >= w && f < w + 1000).length);
  let longest = 0;
  for (let i = 1; i < frames.length; i++) longest = Math.max(longest, frames[i]! - frames[i - 1]!);
  return { fps, worstWindowFps: Number.isFinite(worst) ? worst : Math.round(fps), longestFrameMs: longest };
}

/** A point of the canvas where a press lands on the empty pane (not a node or edge), near `prefer`. */
export async function emptyPanePoint(page: Page, prefer: 'left' | 'center'): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((prefer) => {
    const flow = document.querySelector('.react-flow')!.getBoundingClientRect();
    const cx = flow.left + (prefer === 'left' ? flow.width * 0.08 : flow.width / 2);
    const cy = flow.top + flow.height / 2;
    // Spiral outwards from the preferred spot, 4 px at a time.
    for (let r = 0; r < 400; r += 4) {
      for (let a = 0; a < 16; a++) {
        const x = cx + r * Math.cos((a * Math.PI) / 8);
        const y = cy + r * Math.sin((a * Math.PI) / 8);
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  }, prefer);
  if (!point) throw new Error('no empty spot on the canvas to press on');
  return point;
}

/** Drags the pane with the left button for `ms`, back and forth over `reach` pixels. */
export async function pointerPan(page: Page, ms: number, reach = 480): Promise<FrameStats> {
  const from = await emptyPanePoint(page, 'left');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await startFrames(page);
  const start = Date.now();
  let t = 0;
  while ((t = Date.now() - start) < ms) {
    // A triangle wave, 2 s a period: the view keeps moving, the pointer stays on the page.
    const phase = (t % 2000) / 1000;
    const dx = reach * (phase < 1 ? phase : 2 - phase);
    await page.mouse.move(from.x + dx, from.y - dx / 4);
  }
  const stats = await stopFrames(page);
  await page.mouse.up();
  return stats;
}

/** Turns the wheel over the middle of the canvas for `ms`: `steps` notches in, then out, again. */
export async function wheelZoom(page: Page, ms: number, steps = 20, delta = 80): Promise<FrameStats> {
  const at = await emptyPanePoint(page, 'center');
  await page.mouse.move(at.x, at.y);
  await startFrames(page);
  const start = Date.now();
  for (let i = 0; Date.now() - start < ms; i++) {
    const zoomingIn = Math.floor(i / steps) % 2 === 0;
    await page.mouse.wheel(0, zoomingIn ? -delta : delta);
    await page.waitForTimeout(8);
  }
  return stopFrames(page);
}
