/**
 * A Redis token store: one access token and one refresh per expiry for a whole fleet of processes.
 *
 * @packageDocumentation
 * @module @zohokit/redis
 */
export * from '../../packages/redis/src/index.js';
