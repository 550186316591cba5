export { dropRedisNamespace, namespaceBase } from './namespace.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
