/** The ioredis classes this package is built against, so callers need no direct dependency. */
export { Cluster, Redis } from 'ioredis';
export { dropRedisNamespace, namespaceBase } from './namespace.js';
export { createRedisStore } from './redis-store.js';
export { type SeedMachine, seedRedisMachines } from './seed.js';
export { DEFAULT_SCAN_BUDGET, type RedisStoreOptions } from './store-options.js';
