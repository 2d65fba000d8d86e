import { isCompatible, PORT_TYPE_INFO, type CatalogEntry, type PortType } from '@coinlab/shared';
import { catalogEntries } from '../catalog/catalog';

/**
 * Which node types can take the other end of a connection dragged out of a port: for an
 * output, every node with an input that accepts its type; for an input, every node with an
 * output it accepts. The same shared `isCompatible` the canvas and the runtime use.
 */
export interface PortChoice {
  nodeType: string;
  title: string;
  /** The port on the new node that the dragged connection is wired to. */
  port: string;
  portLabel: string;
  /** 0: the same port type, 1: a type the port accepts, 2: a catch-all (json, any) port. */
  rank: 0 | 1 | 2;
}

export type DragSide = 'source' | 'target';

const CATCH_ALL: readonly PortType[] = ['json', 'any'];

function rankOf(dragged: PortType, other: PortType): PortChoice['rank'] {
  if (dragged === other) return 0;
  return CATCH_ALL.includes(other) ? 2 : 1;
}

export function compatibleChoices(dragged: { type: PortType; side: DragSide }, entries: readonly CatalogEntry[] = catalogEntries): PortChoice[] {
  const choices: PortChoice[] = [];
  for (const e of entries) {
    // Dragged from an output (source): the new node's inputs; from an input: its outputs.
    const ports = dragged.side === 'source' ? e.inputs : e.outputs;
    for (const [port, spec] of Object.entries(ports)) {
      const ok = dragged.side === 'source' ? isCompatible(dragged.type, spec.type) : isCompatible(spec.type, dragged.type);
      if (!ok) continue;
      choices.push({ nodeType: e.type, title: e.ui.title, port, portLabel: spec.label ?? port, rank: rankOf(dragged.type, spec.type) });
    }
  }
  return choices.sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title) || a.port.localeCompare(b.port));
}

/** Every query word must appear in the node's title, type or the port's name. */
export function filterChoices(choices: readonly PortChoice[], query: string): PortChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return choices.filter((c) => {
    const text = `${c.title} ${c.nodeType} ${c.portLabel} ${c.port}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * What the menu says about where a port type goes next, for the types whose way is not
 * obvious. A series (an indicator's output) reaches a model as a column of the dataset:
 * Build dataset's "More features" input takes any number of series and frames.
 */
export function routeHint(dragged: { type: PortType; side: DragSide }): string | null {
  if (dragged.side !== 'source') return null;
  if (dragged.type === 'series')
    return 'An indicator reaches a model through Build dataset → More features: each series wired there becomes one feature column (Feature set computes the common indicators itself).';
  if (dragged.type === 'candles') return 'Candles feed indicators, a Feature set (the model inputs) and the targets.';
  return `${PORT_TYPE_INFO[dragged.type].label} output: nodes with an input that accepts it.`;
}
