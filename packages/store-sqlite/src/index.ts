export { createSqliteStore } from './sqlite-store.js';
export type { SqliteStoreOptions } from './store-options.js';
