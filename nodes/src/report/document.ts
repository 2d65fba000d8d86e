import type { ChartRef } from '../port-values';

/**
 * A report as a list of blocks, rendered to markdown and to self-contained HTML from the
 * same content, so the two can never disagree (no markdown-to-HTML conversion).
 */
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; header: string[]; rows: string[][]; numeric?: boolean[] }
  | { type: 'chart'; chart: ChartRef; svg: string | null };

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`), '');
        break;
      case 'table':
        out.push(`| ${b.header.map(mdCell).join(' | ')} |`);
        out.push(`|${b.header.map((_, i) => (b.numeric?.[i] ? '---:' : '---')).join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
        out.push('');
        break;
      case 'chart':
        // The markdown points at the chart's SVG artifact; the HTML report inlines it.
        out.push(`![${b.chart.name}](artifact:${b.chart.svgArtifactId})`, '');
        break;
    }
  }
  return out.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inline **bold** and `code` only: the report's own text uses nothing else. */
function inline(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * Keeps an SVG self-contained: drops scripts, event handlers and any reference to another
 * document (href/src to anything but an in-document #fragment or data: URI).
 */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/\s(?:xlink:)?(?:href|src)\s*=\s*("(?!#|data:)[^"]*"|'(?!#|data:)[^']*')/gi, '');
}

const CSS = `
body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2937;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem;border-bottom:2px solid #0ea5e9;padding-bottom:.3rem}h2{font-size:1.3rem;margin-top:2rem;color:#0f172a}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #e5e7eb;padding:.3rem .6rem}
th{background:#f1f5f9;text-align:left}td.n{text-align:right}tr:nth-child(even) td{background:#fafafa}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}figure{margin:0}figure svg{max-width:100%;height:auto}figcaption{color:#64748b;font-size:.85rem}code{background:#f1f5f9;padding:0 .2rem;border-radius:3px}
.missing{color:#b91c1c}`;

export function toHtml(title: string, blocks: readonly Block[]): string {
  const body: string[] = [];
  let inCharts = false;
  for (const b of blocks) {
    // Consecutive charts share one wrapping row.
    if (b.type === 'chart' && !inCharts) body.push('<div class="charts">');
    if (b.type !== 'chart' && inCharts) body.push('</div>');
    inCharts = b.type === 'chart';
    switch (b.type) {
      case 'heading':
        body.push(`<h${b.level}>${inline(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        body.push(`<p>${inline(b.text)}</p>`);
        break;
      case 'list':
        body.push(`<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
        break;
      case 'table': {
        const head = b.header.map((h) => `<th>${inline(h)}</th>`).join('');
        const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${b.numeric?.[i] ? ' class="n"' : ''}>${inline(c)}</td>`).join('')}</tr>`).join('\n');
        body.push(`<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`);
        break;
      }
      case 'chart':
        body.push(
          b.svg
            ? `<figure>${sanitizeSvg(b.svg)}<figcaption>${escapeHtml(b.chart.name)}</figcaption></figure>`
            : `<p class="missing">chart ${escapeHtml(b.chart.name)}: its SVG artifact could not be loaded</p>`,
        );
        break;
    }
  }
  if (inCharts) body.push('</div>');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
