import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { activeScope, scopeAttributes } from './scope';
import { tracingEnabled } from './tracing';

const OPERATIONS: Record<string, string> = {
  SelectQueryNode: 'SELECT',
  InsertQueryNode: 'INSERT',
  UpdateQueryNode: 'UPDATE',
  DeleteQueryNode: 'DELETE',
  MergeQueryNode: 'MERGE',
};

/** The first table a query names, read from kysely's operation tree (nothing is compiled twice). */
function tableOf(node: RootOperationNode): string | undefined {
  if (node.kind === 'RawNode') return rawTable(node.sqlFragments.join('?'));
  const n = node as unknown as Record<string, unknown>;
  const from = (n.from as { froms?: unknown[] } | undefined)?.froms?.[0];
  const candidate = n.into ?? n.table ?? from;
  const table = candidate as { kind?: string; table?: { identifier?: { name?: unknown } }; node?: unknown } | undefined;
  const t = table?.kind === 'AliasNode' ? (table.node as typeof table) : table;
  const name = t?.table?.identifier?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The table of a hand-written statement: what it writes (also after a `with`), else the first
 * table it reads (`from unnest(...)` and other functions are not tables).
 */
function rawTable(text: string): string | undefined {
  const m = /\b(?:insert\s+into|update|delete\s+from)\s+"?(\w+)/i.exec(text) ?? /\bfrom\s+"?(\w+)"?(?!\s*\()/i.exec(text);
  return m?.[1];
}

function operationOf(node: RootOperationNode): string {
  if (node.kind === 'RawNode') return /^\s*(\w+)/.exec(node.sqlFragments[0] ?? '')?.[1]?.toUpperCase() ?? 'SQL';
  return OPERATIONS[node.kind] ?? node.kind.replace(/Node$/, '').toUpperCase();
}

/**
 * A span per database query, child of whatever span issued it (through the AsyncLocalStorage
 * context: kysely builds the query in its caller's async context). Queries outside any span
 * (API reads, the scrape, migrations) make none, so they do not flood the backend with
 * one-span traces. A query that throws ends no span (kysely reports results only), so its
 * span is dropped with the query id — the error shows on the node span instead.
 */
export function dbTracingPlugin(system: 'postgresql' = 'postgresql'): KyselyPlugin {
  const spans = new WeakMap<object, Span>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (!tracingEnabled()) return node;
      const parent = trace.getSpan(context.active());
      if (!parent?.isRecording()) return node;
      const operation = operationOf(node);
      const table = tableOf(node);
      const span = trace.getTracer('coinlab').startSpan(table ? `${operation} ${table}` : operation, {
        kind: SpanKind.CLIENT,
        attributes: {
          ...scopeAttributes(activeScope()),
          'db.system.name': system,
          'db.operation.name': operation,
          ...(table ? { 'db.collection.name': table } : {}),
        },
      });
      spans.set(queryId, span);
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const span = spans.get(queryId);
      if (span) {
        spans.delete(queryId);
        span.setAttribute('db.response.returned_rows', result.rows.length);
        span.end();
      }
      return result;
    },
  };
}
