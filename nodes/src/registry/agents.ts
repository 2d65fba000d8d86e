import { eraseNode, type AnyNodeDefinition } from '../define';
import approvalGate from '../approval/gate.node.ts';
import modelChoice from '../approval/model-choice.node.ts';
import reactAgent from '../agent/react.node.ts';

export const agentsNodes: AnyNodeDefinition[] = [eraseNode(approvalGate), eraseNode(modelChoice), eraseNode(reactAgent)];
