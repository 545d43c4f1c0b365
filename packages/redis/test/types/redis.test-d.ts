/** The Redis store's public types (vitest typecheck mode: these never run). */
import { type RedisStoreEvent, RedisTokenStore, type RedisTokenStoreOptions } from '@zohokit/redis';
import type { Redis } from 'ioredis';
import { describe, expectTypeOf, it } from 'vitest';
import type { StoredToken, TokenLock, TokenStore, ZohoOptions } from 'zohokit';

describe('@zohokit/redis types', () => {
  it('is a zohokit TokenStore with the optional lock and wake-up implemented', () => {
    expectTypeOf<RedisTokenStore>().toExtend<TokenStore>();
    expectTypeOf<RedisTokenStore>().toExtend<NonNullable<ZohoOptions['tokenStore']>>();
    expectTypeOf<RedisTokenStore['lock']>().returns.resolves.toEqualTypeOf<TokenLock | null>();
    expectTypeOf<RedisTokenStore['get']>().returns.resolves.toEqualTypeOf<StoredToken | undefined>();
    expectTypeOf<RedisTokenStore['withRefreshToken']>().returns.toEqualTypeOf<TokenStore>();
  });

  it('connects from a URL, ioredis options or a client, and connect() resolves to the store', () => {
    expectTypeOf<{ redis: 'redis://127.0.0.1:6379' }>().toExtend<RedisTokenStoreOptions>();
    expectTypeOf<{ redis: Redis }>().toExtend<RedisTokenStoreOptions>();
    expectTypeOf<{ redis: 6379 }>().not.toExtend<RedisTokenStoreOptions>();
    expectTypeOf<{ prefix: 'x' }>().not.toExtend<RedisTokenStoreOptions>();
    expectTypeOf(RedisTokenStore.connect).returns.resolves.toEqualTypeOf<RedisTokenStore>();
  });

  it('onUnavailable is a closed choice and events are a discriminated union', () => {
    expectTypeOf<RedisTokenStoreOptions['onUnavailable']>().toEqualTypeOf<'fallback' | 'throw' | undefined>();
    expectTypeOf<Extract<RedisStoreEvent, { type: 'connection' }>['state']>().toEqualTypeOf<'ready' | 'unavailable'>();
  });
});
