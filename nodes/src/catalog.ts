import { catalogFrom, type Catalog, type CatalogEntry } from '@coinlab/shared';
import { toCatalogEntry } from './define';
import { registry } from './registry';

/**
 * The catalog: metadata, params schemas and ports of every node type, without execute().
 * The editor and the validator use this; only the runtime calls execute().
 */
export const catalogEntries: readonly CatalogEntry[] = registry.map(toCatalogEntry);
export const catalog: Catalog = catalogFrom(catalogEntries);
