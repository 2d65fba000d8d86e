/**
 * Compares two folders written by style-snapshot.manual.ts: the computed style of every element
 * on every screen (the proof that a CSS move changed nothing), and the screenshots pixel by
 * pixel (decoded in Chromium), where run times and durations in the text may differ.
 *
 *   node --import tsx test/e2e/tools/style-compare.manual.ts <before dir> <after dir>
 *
 * Exits 1 when any computed style differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../../support/browser';

type Row = Record<string, string>;

/** SVG paint references carry the page's address (server port, run id): only the fragment is the style. */
const norm = (v: string | undefined) => v?.replace(/url\("[^"#]*#/g, 'url("#');

/** Differences between two screens' styles, element by element in document order. */
function styleDiffs(before: Row[], after: Row[]): string[] {
  const diffs: string[] = [];
  if (before.length !== after.length) diffs.push(`element count ${before.length} -> ${after.length}`);
  const n = Math.min(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a.path !== b.path) {
      diffs.push(`element ${i}: ${a.path} vs ${b.path} (the documents differ; compare stops)`);
      break;
    }
    for (const k of Object.keys(a)) if (norm(a[k]) !== norm(b[k])) diffs.push(`${(a.path ?? '').split('>').slice(-2).join('>')} ${k}: ${a[k]} -> ${b[k]}`);
  }
  return diffs;
}

async function main(): Promise<void> {
  const [beforeDir, afterDir] = process.argv.slice(2);
  if (!beforeDir || !afterDir) throw new Error('usage: style-compare.manual.ts <before dir> <after dir>');
  const screens = fs.readdirSync(beforeDir).filter((f) => f.endsWith('.styles.json')).map((f) => f.replace(/\.styles\.json$/, '')).sort();
  const browser = await launchBrowser();
  // tsx keeps function names with a `__name` helper the page does not have.
  await browser.page.evaluate('window.__name = (f) => f');
  let failed = false;
  let elements = 0;
  try {
    for (const screen of screens) {
      const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, `${screen}.styles.json`), 'utf8')) as Row[];
      const before = read(beforeDir);
      const diffs = styleDiffs(before, read(afterDir));
      elements += before.length;
      const png = (dir: string) => `data:image/png;base64,${fs.readFileSync(path.join(dir, `${screen}.png`)).toString('base64')}`;
      const pixels = await browser.page.evaluate(
        async ([a, b]) => {
          const load = async (src: string) => {
            const img = new Image();
            img.src = src;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width;
            c.height = img.height;
            const ctx = c.getContext('2d')!;
            ctx.drawImage(img, 0, 0);
            return ctx.getImageData(0, 0, img.width, img.height).data;
          };
          const [x, y] = [await load(a!), await load(b!)];
          let differing = 0;
          const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
          const width = Math.round(Math.sqrt((x.length / 4) * (16 / 10))); // screens are 16:10
          for (let i = 0; i < x.length; i += 4) {
            if (x[i] === y[i] && x[i + 1] === y[i + 1] && x[i + 2] === y[i + 2]) continue;
            differing++;
            const p = i / 4;
            const [px, py] = [p % width, Math.floor(p / width)];
            box.x0 = Math.min(box.x0, px);
            box.y0 = Math.min(box.y0, py);
            box.x1 = Math.max(box.x1, px);
            box.y1 = Math.max(box.y1, py);
          }
          return { differing, total: x.length / 4, box: differing ? `${box.x0},${box.y0}..${box.x1},${box.y1}` : '' };
        },
        [png(beforeDir), png(afterDir)],
      );
      process.stdout.write(`${screen}: ${before.length} elements, ${diffs.length} style differences; ${pixels.differing} of ${pixels.total} pixels differ${pixels.box ? ` (in ${pixels.box})` : ''}\n`);
      for (const d of diffs.slice(0, 20)) process.stdout.write(`    ${d}\n`);
      if (diffs.length) failed = true;
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`screens=${screens.length} elements=${elements} style_differences=${failed ? 'yes' : 0}\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
