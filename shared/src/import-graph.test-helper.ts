import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The import graph of the monorepo's TypeScript sources, for the cycle check. Every import
 * counts: static, type-only, re-exports and dynamic `import()` — a cycle of types is still
 * two modules that cannot be understood (or split) one without the other. Imports are read
 * by TypeScript's own scanner (ts.preProcessFile) and resolved by its own module resolution
 * (ts.resolveModuleName) with the repository's compiler options, as `tsc -b` resolves them:
 * relative paths, `.js` names for `.ts` sources, and the workspace packages (`@coinlab/x`,
 * `@coinlab/x/sub`) through their package.json exports to their sources. Other packages
 * (node_modules) are leaves and left out.
 */
export type ImportGraph = Map<string, string[]>;

/** Test files: nothing imports them, so they close no loop; test helpers and testing/ folders are checked too. */
const isTestFile = (rel: string) => /\.test\.tsx?$/.test(rel);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('dist')) return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The compiler options every package extends (tsconfig.base.json): its module resolution is the one that matters here. */
function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root).options;
}

/** The graph over the source files (test files left out) of `dirs`, keyed by path relative to `root`. */
export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const options = compilerOptions(root);
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const graph: ImportGraph = new Map();
  for (const dir of dirs) {
    for (const file of sourceFiles(path.join(root, dir))) {
      if (isTestFile(rel(file))) continue;
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = new Set<string>();
      for (const { fileName: spec } of info.importedFiles) {
        const resolved = ts.resolveModuleName(spec, file, options, ts.sys, cache).resolvedModule;
        // A workspace package resolves through its node_modules link to its real sources
        // (TypeScript still calls it an external import); a real package stays in node_modules.
        if (!resolved || resolved.resolvedFileName.includes('/node_modules/') || resolved.resolvedFileName.endsWith('.d.ts')) continue;
        const target = rel(resolved.resolvedFileName);
        if (!target.startsWith('..') && !isTestFile(target)) targets.add(target);
      }
      graph.set(rel(file), [...targets].sort());
    }
  }
  return graph;
}

/**
 * The import cycles: each strongly connected component of more than one module (or a module
 * importing itself), as one shortest loop through it so the message names a path to cut.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const components: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return components.map((c) => shortestLoop(graph, new Set(c)));
}

/** The shortest loop from the component's first module (alphabetically) back to itself, within the component. */
function shortestLoop(graph: ImportGraph, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0]!)!);
        return [...loop, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
