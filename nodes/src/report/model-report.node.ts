import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { toHtml, toMarkdown, type Block } from './document';
import { backtestSection, chartRefs, comparisonSection, dataSection, metricsSection, recommendation } from './sections';

export default defineNode({
  type: 'report.model_report',
  version: 1,
  ui: {
    title: 'Model report',
    category: 'report',
    description: 'One markdown and one self-contained HTML report (inline charts and styles, no external links): data summary, metrics tables, comparison, backtest, charts and the recommended model with the reason.',
  },
  params: z.object({
    title: z.string().min(1).max(200).default('Model report'),
    summary: z.string().max(5000).default(''),
  }),
  inputs: {
    data: port.many(port.frame, 'Data'),
    metrics: port.many(port.metrics, 'Metrics'),
    comparison: port.many(port.comparison, 'Comparison'),
    backtest: port.many(port.backtest, 'Backtests'),
  },
  outputs: { report: port.report },
  cache: 'pure',
  async execute({ params, inputs, services, signal }) {
    const { data, metrics, comparison, backtest } = inputs;
    const blocks: Block[] = [{ type: 'heading', level: 1, text: params.title }];
    if (params.summary) blocks.push({ type: 'paragraph', text: params.summary });
    blocks.push(...recommendation(metrics, comparison, backtest));
    blocks.push(...dataSection(data), ...metricsSection(metrics), ...comparisonSection(comparison), ...backtestSection(backtest));
    const charts = chartRefs(metrics, comparison, backtest);
    if (charts.length) {
      blocks.push({ type: 'heading', level: 2, text: 'Charts' });
      const decoder = new TextDecoder();
      for (const chart of charts) {
        signal.throwIfAborted();
        const svg = await services.artifacts.load(chart.svgArtifactId);
        blocks.push({ type: 'chart', chart, svg: svg ? decoder.decode(svg.content) : null });
      }
    }
    if (blocks.length === 1) blocks.push({ type: 'paragraph', text: 'Nothing is connected to this report yet: connect data, metrics, comparisons or backtests.' });
    const markdown = toMarkdown(blocks);
    const html = toHtml(params.title, blocks);
    const base = params.title.replace(/[^A-Za-z0-9_.-]+/g, '-');
    const md = await services.artifacts.save({ kind: 'report', name: `${base}.md`, contentType: 'text/markdown; charset=utf-8', content: markdown });
    const page = await services.artifacts.save({ kind: 'report', name: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html });
    return { report: { kind: 'report', title: params.title, markdown, artifacts: { markdown: md.id, html: page.id } } };
  },
});
