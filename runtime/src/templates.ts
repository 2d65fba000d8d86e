import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from './repo-root';

export const TEMPLATES_DIR = path.join(repoRoot(), 'templates');

export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
  tags: string[];
}

const templateMeta = z.object({
  name: z.string(),
  description: z.string().optional(),
  metadata: z.object({ tags: z.array(z.string()).optional() }).loose().optional(),
}).loose();

/** The ready graphs in templates/*.graph.json, read from disk at startup (they ship with the code). */
export class TemplateLibrary {
  private readonly docs = new Map<string, { info: TemplateInfo; document: unknown }>();

  constructor(dir = TEMPLATES_DIR) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.graph.json')).sort();
    } catch {
      files = [];
    }
    for (const f of files) {
      const document: unknown = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      const meta = templateMeta.safeParse(document);
      const name = f.replace(/\.graph\.json$/, '');
      this.docs.set(name, {
        info: {
          name,
          title: meta.success ? meta.data.name : name,
          description: meta.success ? (meta.data.description ?? '') : '',
          tags: meta.success ? (meta.data.metadata?.tags ?? []) : [],
        },
        document,
      });
    }
  }

  list(): TemplateInfo[] {
    return [...this.docs.values()].map((d) => d.info);
  }

  get(name: string): unknown | undefined {
    const d = this.docs.get(name);
    return d ? structuredClone(d.document) : undefined;
  }
}
