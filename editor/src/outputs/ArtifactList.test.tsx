import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/react';
import { useUiStore } from '../stores/ui-store';
import { ArtifactList } from './ArtifactList';
import type { ArtifactLike } from './artifact-rows';

afterEach(() => {
  cleanup();
  useUiStore.setState({ dialog: null });
});

const VL = 'application/vnd.vegalite+json';
/** A run's artifacts as GET /runs/:id/artifacts lists them: each chart as a spec and its SVG. */
const runArtifacts: ArtifactLike[] = [
  { id: 'm1', kind: 'model', name: 'logistic_regression.model.json', contentType: 'application/json', sizeBytes: 1600, nodeId: 'lr', metadata: {} },
  { id: 's1', kind: 'chart', name: 'ROC curve: logistic_regression.vl.json', contentType: VL, sizeBytes: 22_500, nodeId: 'eval_lr', metadata: null },
  { id: 'g1', kind: 'chart', name: 'ROC curve: logistic_regression.svg', contentType: 'image/svg+xml', sizeBytes: 17_300, nodeId: 'eval_lr', metadata: { specArtifactId: 's1' } },
  { id: 's2', kind: 'chart', name: 'price-ETH_BTC.vl.json', contentType: VL, sizeBytes: 30_000, nodeId: 'price', metadata: null },
  { id: 'g2', kind: 'chart', name: 'price-ETH_BTC.svg', contentType: 'image/svg+xml', sizeBytes: 40_000, nodeId: 'price', metadata: { specArtifactId: 's2' } },
  // Named like a chart's SVG, but its metadata names no listed spec: a file of its own.
  { id: 'g3', kind: 'chart', name: 'ROC curve: logistic_regression.svg', contentType: 'image/svg+xml', sizeBytes: 100, nodeId: 'other', metadata: { specArtifactId: 'gone' } },
  { id: 'r1', kind: 'report', name: 'report.md', contentType: 'text/markdown', sizeBytes: 4000, nodeId: 'report', metadata: {} },
];

const rows = (c: HTMLElement) => [...c.querySelectorAll('.artifact-list li')];
const names = (c: HTMLElement) => rows(c).map((li) => li.querySelector('.artifact-name')!.textContent);
const actions = (li: Element) => [...li.querySelectorAll('.artifact-actions > *')].map((a) => a.textContent);

describe('ArtifactList', () => {
  test('each chart is one row named by its title, paired with its SVG by the SVG’s specArtifactId', () => {
    const { container } = render(<ArtifactList artifacts={runArtifacts} showNode />);
    expect(names(container)).toEqual(['logistic_regression.model.json', 'ROC curve: logistic_regression', 'price-ETH_BTC', 'ROC curve: logistic_regression.svg', 'report.md']);
    const roc = container.querySelector('li[data-chart="ROC curve: logistic_regression"]')!;
    expect(actions(roc)).toEqual(['Open', 'SVG', 'spec JSON']);
    expect(roc.querySelector('[data-chart-svg]')!.getAttribute('href')).toMatch(/\/artifacts\/g1\?download=1$/);
    expect(roc.querySelector('.link-btn.secondary')!.getAttribute('href')).toMatch(/\/artifacts\/s1\?download=1$/);
    expect(roc.textContent).toContain('eval_lr');
    // The unpaired SVG and the other files keep the plain open and download links.
    expect(actions(rows(container)[3]!)).toEqual(['Open', 'Download']);
    expect(actions(rows(container)[0]!)).toEqual(['Open', 'Download']);
  });

  test('Open puts the chart in the interactive viewer with both formats', () => {
    const { container } = render(<ArtifactList artifacts={runArtifacts} />);
    fireEvent.click(container.querySelector('li[data-chart="price-ETH_BTC"] button')!);
    expect(useUiStore.getState().dialog).toEqual({ kind: 'chart', title: 'price-ETH_BTC', specArtifactId: 's2', svgArtifactId: 'g2' });
  });

  test('a spec whose SVG is missing is still one chart row, without the SVG link', () => {
    const { container } = render(<ArtifactList artifacts={runArtifacts.filter((a) => a.id !== 'g2')} />);
    const price = container.querySelector('li[data-chart="price-ETH_BTC"]')!;
    expect(actions(price)).toEqual(['Open', 'spec JSON']);
  });
});
