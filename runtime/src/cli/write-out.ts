import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeValueWithRefs, type RunSnapshot } from '@coinlab/shared';
import type { RunResult } from '../engine';
import type { Store } from '../db';
import { runArtifactEntries, type RunArtifactEntry } from '../runs/run-artifacts';
import { outputRefs } from './output-refs';
import { linkReportImages } from './report-images';

const safe = (s: string) => s.replace(/[^A-Za-z0-9._ -]+/g, '_').slice(0, 120) || '_';

/** The run summary printed by `--json` and written as run.json. */
export function runSummary(result: Pick<RunResult, 'runId' | 'status' | 'error' | 'failedNode' | 'durationMs'>, snap: RunSnapshot) {
  return {
    runId: result.runId,
    status: result.status,
    error: result.error,
    failedNode: result.failedNode,
    durationMs: result.durationMs,
    nodes: Object.fromEntries(
      Object.entries(snap.nodes).map(([id, n]) => [
        id,
        { status: n.status, durationMs: n.durationMs, attempts: n.attempts, cached: n.status === 'cached', error: n.error, skipReason: n.skipReason, signature: n.signature, outputs: n.outputs },
      ]),
    ),
  };
}
export type RunSummaryJson = ReturnType<typeof runSummary>;

/**
 * What `--out` writes, from wherever the run happened: this process (localRunOutputs) or a
 * server the CLI talks to over HTTP (cli/remote).
 */
export interface RunOutputSource {
  summary: RunSummaryJson;
  /**
   * Each node's outputs, port -> value: in this process the values themselves, from a server
   * the API's JSON parsed as it is (NaN still as "$NaN"): encoded, both give the API's text.
   */
  nodeOutputs(): Promise<{ nodeId: string; ports: Record<string, unknown> }[]>;
  artifacts(): Promise<RunArtifactEntry[]>;
  content(artifactId: string): Promise<Uint8Array | undefined>;
}

export function localRunOutputs(result: RunResult, snap: RunSnapshot, store: Store): RunOutputSource {
  return {
    summary: runSummary(result, snap),
    nodeOutputs: async () => [...result.nodes].flatMap(([nodeId, node]) => (node.outputs ? [{ nodeId, ports: node.outputs }] : [])),
    artifacts: async () => runArtifactEntries(snap, await store.artifacts.listByRun(result.runId)),
    content: async (id) => (await store.artifacts.get(id))?.content,
  };
}

/**
 * `--out DIR`: run.json, every node output as DIR/nodes/<nodeId>/<port>.json (encoded with the
 * same NaN-safe codec as the API, so files compare equal to the API's outputs, except that an
 * output carried inside another is a reference to its own file: see output-refs.ts), and the run's
 * artifacts under DIR/artifacts/<nodeId>/ — including those of nodes that came from the cache,
 * so a cached run writes the same tree as an uncached one. Markdown reports get the images they
 * link as `artifact:<id>` copied beside them and linked relatively.
 */
export async function writeRunOutputs(dir: string, source: RunOutputSource): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(source.summary, null, 2)}\n`);
  const outputs = (await source.nodeOutputs()).flatMap(({ nodeId, ports }) => Object.entries(ports).map(([port, value]) => ({ file: `nodes/${safe(nodeId)}/${safe(port)}.json`, value })));
  const refsOf = outputRefs(outputs);
  // One file encoded at a time: the text of the whole run (~50 MB on the peer pipeline) is never held at once.
  for (const output of outputs) {
    const file = path.join(dir, output.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, encodeValueWithRefs(output.value, refsOf(output)));
  }
  const entries = await source.artifacts();
  const byId = new Map(entries.map((a) => [a.id, a]));
  for (const a of entries) {
    const content = await source.content(a.id);
    if (!content) continue;
    const artDir = path.join(dir, 'artifacts', safe(a.nodeId ?? 'run'));
    mkdirSync(artDir, { recursive: true });
    const isMarkdown = a.contentType.startsWith('text/markdown') || a.name.toLowerCase().endsWith('.md');
    const text = isMarkdown
      ? await linkReportImages(new TextDecoder().decode(content), artDir, async (id) => {
          const img = byId.get(id);
          const bytes = await source.content(id);
          return bytes ? { name: safe(img?.name ?? `${id}.svg`), content: bytes } : undefined;
        })
      : undefined;
    writeFileSync(path.join(artDir, safe(a.name)), text ?? content);
  }
}
