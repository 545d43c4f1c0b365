/**
 * The Redis queue's state changes, each one Lua script so that Redis runs it atomically: the fence check and
 * the change it guards are one step, and no reader ever sees a delivery in two states or in none.
 *
 * Keys, under the queue's prefix `P` (`zohokit:relay:` by default):
 * - `P k:<idempotency key>` → delivery id: the identity (the same key never makes a second delivery).
 * - `P d:<id>` hash: the delivery (the SQLite row's columns; JSON for input, lastError, result).
 * - `P due:<product>` sorted set: pending deliveries by `nextAttemptAt`, in-flight ones by `leaseExpiresAt`;
 *   nothing else is in it, so "due" is one range read per product (a skipped product is not read at all).
 * - `P s:<state>` sorted sets by `createdAt`, one per state: counts, listing, replay and discard by state.
 * - `P all` sorted set by `createdAt`: listing without a state; `P products`: products ever enqueued.
 * - `P control`: the queue's pause, JSON.
 *
 * Every clock value comes from the caller (the contract's explicit `now`) as a decimal string and is stored as
 * given: Lua's own number formatting would turn large integers into exponent notation.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const ADD = `
local P = ARGV[1]
local existing = redis.call('GET', P .. 'k:' .. ARGV[3])
if existing then return {0, redis.call('HGETALL', P .. 'd:' .. existing)} end
local id, product, now = ARGV[2], ARGV[5], ARGV[8]
redis.call('SET', P .. 'k:' .. ARGV[3], id)
redis.call('HSET', P .. 'd:' .. id, 'id', id, 'idempotencyKey', ARGV[3], 'operation', ARGV[4], 'product', product,
  'input', ARGV[6], 'payloadHash', ARGV[7], 'state', 'pending', 'attempts', '0', 'fence', '0', 'createdAt', now,
  'updatedAt', now, 'nextAttemptAt', now, 'ageFrom', now, 'maybeSent', '0')
redis.call('ZADD', P .. 'due:' .. product, now, id)
redis.call('SADD', P .. 'products', product)
redis.call('ZADD', P .. 's:pending', now, id)
redis.call('ZADD', P .. 'all', now, id)
return {1, redis.call('HGETALL', P .. 'd:' .. id)}
`;

// A delivery taken back from a dead worker (in flight, lease expired) may have reached Zoho: from now on it
// reconciles first (maybeSent), exactly as the SQLite queue's take.
const LEASE = `
local P, now, leaseUntil, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
if limit < 1 then return {} end
local skip = {}
for _, product in ipairs(cjson.decode(ARGV[5])) do skip[product] = true end
local products
if ARGV[6] ~= '' then products = cjson.decode(ARGV[6]) else products = redis.call('SMEMBERS', P .. 'products') end
local due = {}
for _, product in ipairs(products) do
  if not skip[product] then
    local found = redis.call('ZRANGEBYSCORE', P .. 'due:' .. product, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
    for i = 1, #found, 2 do due[#due + 1] = {found[i], tonumber(found[i + 1]), product} end
  end
end
table.sort(due, function(a, b)
  if a[2] ~= b[2] then return a[2] < b[2] end
  return a[1] < b[1]
end)
local leased = {}
for i = 1, math.min(limit, #due) do
  local id, product = due[i][1], due[i][3]
  local h = P .. 'd:' .. id
  local state = redis.call('HGET', h, 'state')
  if state == 'in_flight' then
    redis.call('HSET', h, 'maybeSent', '1')
  else
    redis.call('ZREM', P .. 's:' .. state, id)
    redis.call('ZADD', P .. 's:in_flight', redis.call('HGET', h, 'createdAt'), id)
  end
  redis.call('HSET', h, 'state', 'in_flight', 'leaseExpiresAt', leaseUntil, 'updatedAt', now)
  redis.call('HINCRBY', h, 'fence', 1)
  redis.call('HINCRBY', h, 'attempts', 1)
  redis.call('ZADD', P .. 'due:' .. product, leaseUntil, id)
  leased[#leased + 1] = redis.call('HGETALL', h)
end
return leased
`;

/** The fence check every lease holder's call starts with: in flight, and leased with this fence. */
const HELD = `
local P, id = ARGV[1], ARGV[2]
local h = P .. 'd:' .. id
local held = redis.call('HMGET', h, 'state', 'fence', 'product', 'createdAt')
if held[1] ~= 'in_flight' or held[2] ~= ARGV[3] then return 0 end
local product, created = held[3], held[4]
`;

const EXTEND = `${HELD}
redis.call('HSET', h, 'leaseExpiresAt', ARGV[4])
redis.call('ZADD', P .. 'due:' .. product, ARGV[4], id)
return 1
`;

// ARGV: P, id, fence, now, state, nextAttemptAt, outcome, error, result, code ('' for none).
const SETTLE = `${HELD}
local now, state = ARGV[4], ARGV[5]
local function put(field, value)
  if value == '' then redis.call('HDEL', h, field) else redis.call('HSET', h, field, value) end
end
redis.call('HSET', h, 'state', state, 'updatedAt', now)
redis.call('HDEL', h, 'leaseExpiresAt')
if ARGV[6] ~= '' then redis.call('HSET', h, 'nextAttemptAt', ARGV[6]) end
put('lastOutcome', ARGV[7])
put('lastError', ARGV[8])
put('result', ARGV[9])
put('code', ARGV[10])
if state == 'delivered' then put('deliveredAt', now) else put('deliveredAt', '') end
if ARGV[7] == 'ambiguous' then redis.call('HSET', h, 'maybeSent', '1') end
redis.call('ZREM', P .. 's:in_flight', id)
redis.call('ZADD', P .. 's:' .. state, created, id)
if state == 'pending' then
  redis.call('ZADD', P .. 'due:' .. product, ARGV[6], id)
else
  redis.call('ZREM', P .. 'due:' .. product, id)
end
return 1
`;

// ARGV: P, id, fence, now, ambiguous ('1' or '0').
const RELEASE = `${HELD}
local now = ARGV[4]
redis.call('HSET', h, 'state', 'pending', 'nextAttemptAt', now, 'updatedAt', now)
redis.call('HDEL', h, 'leaseExpiresAt')
if redis.call('HINCRBY', h, 'attempts', -1) < 0 then redis.call('HSET', h, 'attempts', '0') end
if ARGV[5] == '1' then redis.call('HSET', h, 'maybeSent', '1') end
redis.call('ZREM', P .. 's:in_flight', id)
redis.call('ZADD', P .. 's:pending', created, id)
redis.call('ZADD', P .. 'due:' .. product, now, id)
return 1
`;

// Replay (target 'pending') or discard (target 'discarded') of one delivery, if it is in one of the allowed
// (finished) states. ARGV: P, id, now, target, allowed states as JSON.
const FINISHED = `
local P, id, now, target = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local h = P .. 'd:' .. id
local v = redis.call('HMGET', h, 'state', 'product', 'createdAt')
local allowed = {}
for _, state in ipairs(cjson.decode(ARGV[5])) do allowed[state] = true end
if not v[1] or not allowed[v[1]] then return 0 end
redis.call('ZREM', P .. 's:' .. v[1], id)
redis.call('ZADD', P .. 's:' .. target, v[3], id)
if target == 'pending' then
  redis.call('HSET', h, 'state', 'pending', 'nextAttemptAt', now, 'ageFrom', now, 'updatedAt', now)
  redis.call('ZADD', P .. 'due:' .. v[2], now, id)
else
  redis.call('HSET', h, 'state', target, 'updatedAt', now)
end
return 1
`;

export const SCRIPTS = {
  add: ADD,
  lease: LEASE,
  extend: EXTEND,
  settle: SETTLE,
  release: RELEASE,
  finished: FINISHED,
} as const;

export type ScriptName = keyof typeof SCRIPTS;

const SHAS = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, lua]) => [name, createHash('sha1').update(lua).digest('hex')]),
) as Record<ScriptName, string>;

/**
 * Runs a script by its SHA (one small request), loading it on a Redis that does not have it yet (a new or
 * restarted server answers NOSCRIPT). Keys are built inside the scripts from the prefix, so these run on one
 * Redis (with replicas), not a Redis Cluster.
 */
export async function runScript(redis: Redis, name: ScriptName, args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(SHAS[name], 0, ...args);
  } catch (error) {
    if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
    return await redis.eval(SCRIPTS[name], 0, ...args);
  }
}
