export { CLAIM_WALK_VALUES, type ClaimFilterSql, claimFilterSql, FIRST_ID } from './claim-filter-sql.js';
export { compileFilterSql, type FilterSql } from './filter-sql.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export type { PoolClientLike, PoolLike, QueryConfigLike, QueryResultLike, Row } from './pool.js';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
