import type { GraphDocument } from '@coinlab/shared';

/** For tests of what replaces the canvas: a one-node graph that the tests leave unsaved on it. */
export const unsavedGraph: GraphDocument = {
  version: 2,
  name: 'My unsaved work',
  nodes: [{ id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
};
