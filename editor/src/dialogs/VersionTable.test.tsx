import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { GraphVersion } from '../api/views';
import { VersionTable } from './VersionTable';

afterEach(cleanup);

const at = (day: number, h: number, m: number) => new Date(new Date().getFullYear(), 10, day, h, m, 7).getTime();
const editorSaves: GraphVersion[] = [
  { version: 3, createdAt: at(21, 8, 41), message: null },
  { version: 2, createdAt: at(20, 17, 5), message: null },
  { version: 1, createdAt: at(20, 9, 0), message: null },
];

function table(versions: GraphVersion[], opts: { canvasVersion?: number | null } = {}) {
  const restored: number[] = [];
  const picked: [0 | 1, number][] = [];
  const view = render(
    <VersionTable versions={versions} canvasVersion={opts.canvasVersion ?? versions[0]?.version ?? null} pair={[2, 3]} onPick={(s, v) => picked.push([s, v])} onRestore={(v) => restored.push(v)} />,
  );
  const row = (v: number) => view.container.querySelector(`[data-version="${v}"]`)!;
  const headers = [...view.container.querySelectorAll('thead th')].map((th) => th.textContent);
  return { ...view, row, headers, restored, picked };
}

describe('VersionTable', () => {
  test('each version says the day and the time it was saved, the full timestamp on hover', () => {
    const { row } = table(editorSaves);
    const saved = row(3).querySelector('.version-saved time')!;
    expect(saved.textContent).toBe('21 Nov 08:41');
    expect(saved.getAttribute('title')).toMatch(/2\d{3}/); // the full date, with the year
    expect(saved.getAttribute('title')).toMatch(/41:07/); // and the seconds
    expect(row(2).querySelector('.version-saved')!.textContent).toBe('20 Nov 17:05');
  });

  test('no version has a message (editor saves): there is no Message column', () => {
    const { headers, row } = table(editorSaves);
    expect(headers).toEqual(['Version', 'Saved', 'Compare', '']);
    expect(row(1).querySelectorAll('td')).toHaveLength(4);
  });

  test('a version with a message (planned, duplicated) brings the column back, empty for the others', () => {
    const { headers, row } = table([{ version: 2, createdAt: at(21, 9, 0), message: null }, { version: 1, createdAt: at(21, 8, 0), message: 'planned by session abc' }]);
    expect(headers).toEqual(['Version', 'Saved', 'Message', 'Compare', '']);
    expect(row(1).querySelector('.version-message')!.textContent).toBe('planned by session abc');
    expect(row(2).querySelector('.version-message')!.textContent).toBe('');
  });

  test('the newest version is marked current instead of offering Restore; older ones restore', () => {
    const { row, restored } = table(editorSaves);
    expect(row(3).querySelector('.version-action')!.textContent).toBe('current');
    expect(row(3).querySelector('button')).toBeNull();
    fireEvent.click(row(1).querySelector('.version-action button')!);
    expect(restored).toEqual([1]);
    // "current" is said once: not again beside the version number.
    expect(row(3).querySelector('td')!.textContent).toBe('v3');
  });

  test('a canvas loaded from an older version says so on that row', () => {
    const { row } = table(editorSaves, { canvasVersion: 2 });
    expect(row(2).querySelector('td')!.textContent).toBe('v2on canvas');
    expect(row(2).querySelector('.version-action button')!.textContent).toBe('Restore');
  });

  test('the compare picks report which side and version', () => {
    const { row, picked } = table(editorSaves);
    fireEvent.click(row(1).querySelector('input[name="from"]')!);
    fireEvent.click(row(2).querySelector('input[name="to"]')!);
    expect(picked).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});
