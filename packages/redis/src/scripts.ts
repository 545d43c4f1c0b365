/*
 * Lua run with EVAL: each is one atomic step on the server. Times come from Redis's own clock (`TIME`, as a
 * millisecond string so Lua's doubles never format it as 1.7e+12), which every process shares.
 */

const REDIS_NOW = "local t = redis.call('TIME')\nlocal now = t[1] .. string.format('%03d', math.floor(t[2] / 1000))\n";

/** KEYS[1] entry; ARGV[1] value, ARGV[2] retention ms, ARGV[3] channel. Writes, stamps, wakes waiters. */
export const SET_SCRIPT = `${REDIS_NOW}redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', now)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'set')
return now`;

/** KEYS[1] entry. Returns { value or '', written-at or '', now }, all on Redis's clock. */
export const GET_SCRIPT = `${REDIS_NOW}local v = redis.call('HMGET', KEYS[1], 'v', 't')
return { v[1] or '', v[2] or '', now }`;

/** KEYS[1] entry; ARGV[1] channel. */
export const DELETE_SCRIPT = `redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[1], 'delete')
return 1`;

/** KEYS[1] lock; ARGV[1] owner id, ARGV[2] channel. Deletes the lock only if this owner still holds it. */
export const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'released')
  return 1
end
return 0`;
