import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RedisServer, type RedisServerOptions, startRedisServer } from './redis-server.js';

/**
 * A redis-server for the tests of one file. If it cannot start (redis-server missing), every test fails with the
 * reason: a failing beforeAll alone would leave them reported as skipped, and the Redis tests must never skip.
 */
export function useRedisServer(
  onStart?: (server: RedisServer) => void | Promise<void>,
  options: RedisServerOptions = {},
): () => RedisServer {
  let server: RedisServer | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      server = await startRedisServer(undefined, options);
      await onStart?.(server);
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure) throw failure;
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw failure ?? new Error('redis-server is not running');
    return server;
  };
}
