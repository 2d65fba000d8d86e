import type { PortType } from '@coinlab/shared';
import type { PortValueMap } from '../port-values';
import type { NodeServices } from '../services';

/** Builds an example value of each port type (the contract test's inputs); its own module so fixture files can share it without importing each other. */
export type FixtureBuilder = { [T in PortType]?: (services: NodeServices) => Promise<PortValueMap[T]> };
