import { eraseNode, type AnyNodeDefinition } from '../define';
import summary from '../report/summary.node.ts';
import wait from '../utility/wait.node.ts';

// load-candles, sma and ema moved to registry/data-science.ts with the rest of the data-science nodes.
export const foundationNodes: AnyNodeDefinition[] = [eraseNode(summary), eraseNode(wait)];
