/**
 * The Lua scripts of a lane's shared state (`redis-lane-state.ts`). Redis runs each script whole,
 * nothing of another client in between (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/),
 * so checking every limit and taking the slot is one atomic step however many instances ask at once.
 *
 * Keys: KEYS[1] the lane's hash (`lastEnd`, `pausedUntil`, `failures`, `openUntil`, `cooldown`, `trial`),
 * KEYS[2] the requests in flight (a sorted set: token → when its lease runs out), KEYS[3…] one sorted
 * set per window (token → when it stops counting: its lease's end plus the window while in flight, its
 * end plus the window once ended). Times are integer milliseconds of the callers' clocks.
 */

/** Reads the lane's hash fields as numbers, and ends the requests whose lease ran out (their process died). */
const PRELUDE = `
local function num(field, default)
  local value = redis.call('HGET', KEYS[1], field)
  if value then return tonumber(value) end
  return default
end
local function put(field, value) redis.call('HSET', KEYS[1], field, string.format('%.0f', value)) end
local now = tonumber(ARGV[1])
local lastEnd = num('lastEnd', -1e15)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
if #expired > 0 then
  for i = 2, #expired, 2 do lastEnd = math.max(lastEnd, tonumber(expired[i])) end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  put('lastEnd', lastEnd)
end
local trial = redis.call('HGET', KEYS[1], 'trial')
if trial and not redis.call('ZSCORE', KEYS[2], trial) then
  redis.call('HDEL', KEYS[1], 'trial')
  trial = false
end
local function keep(ttl)
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl) end
end
`;

/**
 * ARGV: now, token, leaseMs, spacingMs, concurrency, breaker threshold, then each window's limit.
 * Answers `{code, at, pausedUntil, failures, openUntil, used per window…}`; code 0 granted, 1 wait until
 * `at`, 2 wait for a request in flight to end, 3 breaker open until `openUntil`.
 */
export const RESERVE = `${PRELUDE}
local token = ARGV[2]
local lease = tonumber(ARGV[3])
local spacing = tonumber(ARGV[4])
local concurrency = tonumber(ARGV[5])
local threshold = tonumber(ARGV[6])
local pausedUntil = num('pausedUntil', 0)
local failures = num('failures', 0)
local openUntil = num('openUntil', 0)
local used = {}
local windowAt = now
local waitsForEnd = false
for i = 3, #KEYS do
  local limit = tonumber(ARGV[4 + i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  local count = redis.call('ZCARD', KEYS[i])
  used[#used + 1] = count
  if count >= limit then
    -- Full: the next start waits until enough of the requests in it stop counting.
    local entry = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    if redis.call('ZSCORE', KEYS[2], entry[1]) then waitsForEnd = true
    else windowAt = math.max(windowAt, tonumber(entry[2])) end
  end
end
local function answer(code, at)
  local reply = {code, at, pausedUntil, failures, openUntil}
  for i = 1, #used do reply[#reply + 1] = used[i] end
  return reply
end
if failures >= threshold and now < openUntil then return answer(3, openUntil) end
if pausedUntil > now then return answer(1, pausedUntil) end
if redis.call('ZCARD', KEYS[2]) >= concurrency then return answer(2, now) end
if lastEnd + spacing > now then return answer(1, lastEnd + spacing) end
if waitsForEnd then return answer(2, now) end
if windowAt > now then return answer(1, windowAt) end
if failures >= threshold then
  -- Half-open: one trial call, across every instance.
  if trial then return answer(2, now) end
  redis.call('HSET', KEYS[1], 'trial', token)
end
redis.call('ZADD', KEYS[2], now + lease, token)
local longest = 0
for i = 3, #KEYS do
  local windowMs = tonumber(ARGV[#ARGV - #KEYS + i])
  redis.call('ZADD', KEYS[i], now + lease + windowMs, token)
  used[i - 2] = used[i - 2] + 1
  longest = math.max(longest, windowMs)
end
keep(86400000 + lease + longest)
return answer(0, now)
`;

/**
 * ARGV: now, token, verdict (`success`, `failure`, `neutral`), pauseUntil (or ''), breaker threshold,
 * cooldown, longest cooldown, then each window's length. Answers `{pausedUntil, failures, openUntil}`.
 */
export const ENDED = `${PRELUDE}
local token = ARGV[2]
local verdict = ARGV[3]
local threshold = tonumber(ARGV[5])
local baseCooldown = tonumber(ARGV[6])
local maxCooldown = tonumber(ARGV[7])
redis.call('ZREM', KEYS[2], token)
if now > lastEnd then put('lastEnd', now) end
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[5 + i]), token)
end
local pausedUntil = num('pausedUntil', 0)
if ARGV[4] ~= '' and tonumber(ARGV[4]) > pausedUntil then
  pausedUntil = tonumber(ARGV[4])
  put('pausedUntil', pausedUntil)
end
local wasTrial = trial == token
if wasTrial then redis.call('HDEL', KEYS[1], 'trial') end
local failures = num('failures', 0)
local openUntil = num('openUntil', 0)
if verdict == 'success' then
  failures = 0
  put('failures', 0)
  put('cooldown', baseCooldown)
elseif verdict == 'failure' then
  failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
  if failures >= threshold then
    local cooldown = num('cooldown', baseCooldown)
    if wasTrial then
      cooldown = math.min(maxCooldown, cooldown * 2)
      put('cooldown', cooldown)
    end
    openUntil = now + cooldown
    put('openUntil', openUntil)
  end
end
keep(86400000)
return {pausedUntil, failures, openUntil}
`;

/** ARGV: now, token. Frees a slot reserved and never used, as if it had not been taken. */
export const CANCEL = `${PRELUDE}
local token = ARGV[2]
redis.call('ZREM', KEYS[2], token)
for i = 3, #KEYS do redis.call('ZREM', KEYS[i], token) end
if trial == token then redis.call('HDEL', KEYS[1], 'trial') end
return 1
`;
