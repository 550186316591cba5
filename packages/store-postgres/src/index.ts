export {
  CLAIM_WALK_VALUES,
  type ClaimFilterSql,
  claimFilterSql,
  FIRST_ID,
} from './filters/claim-filter-sql.js';
export { compileFilterSql, type FilterSql } from './filters/filter-sql.js';
export { MIGRATIONS, type Migration } from './migrations/migrations.js';
export type { PoolClientLike, PoolLike, QueryConfigLike, QueryResultLike, Row } from './pool.js';
export { createPostgresStore, type PostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './store-options.js';
