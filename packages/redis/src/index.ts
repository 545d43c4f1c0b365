export type { RedisStoreEvent, RedisTokenStoreOptions } from './options.js';
export { RedisTokenStore } from './redis-token-store.js';
