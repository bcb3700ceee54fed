-- Admits one connection to the fleet-wide budget, atomically (see ConnectionBudget#admit); for a handshake it also
-- counts the address's connect limit first and reads the task record last, so that a handshake is one round trip
-- (see Admission). On a Redis Cluster the task record is in another slot: the caller reads it itself (KEYS[5] absent).
-- KEYS[1] counts (hash: instance -> connections)   KEYS[2] leases (sorted set: instance -> lease end, ms)
-- KEYS[3] recovery marker (string, set while the fleet restores its counts after Redis lost them)
-- KEYS[4] the address's connect counter (only when ARGV[7] > 0)   KEYS[5] the task record (only when ARGV[10] = '1')
-- ARGV[1] instance id   ARGV[2] lease TTL ms   ARGV[3] fleet cap   ARGV[4] instance cap (0: none)
-- ARGV[5] connections the instance really holds, not counting this one
-- ARGV[6] '1' when the instance's own clock says its lease still runs
-- ARGV[7] the connect limit (0: not counted here)   ARGV[8] the limit's window, ms
-- ARGV[9] '1' when the handshake is refused anyway (input, token, origin): only counted, no slot taken
-- ARGV[10] '1' to read the task record (KEYS[5]) and take no slot when it does not exist
-- Replies, by the first element:
--   'limited', ms until the window ends          over the connect limit (as rate_limit.lua: not counted)
--   'counted'                                    counted, nothing else asked (ARGV[9] = '1')
--   0, fleet total, 'fleet' | 'instance' | 'recovering', excess      refused by the budget
--   1, fleet total after, excess, task fields (flat; empty when not read)      admitted
--   2, fleet total, excess                       the task record does not exist: no slot taken
-- excess: connections the instance holds beyond the caps after its lease was lost (it sheds them).
local limit = tonumber(ARGV[7] or '0')
if limit > 0 then
  -- the connect limit, as rate_limit.lua counts it: a refused request is not counted
  local count = tonumber(redis.call('GET', KEYS[4]) or '0')
  if count >= limit then
    local left = redis.call('PTTL', KEYS[4])
    if left < 0 then
      redis.call('PEXPIRE', KEYS[4], ARGV[8])
      left = tonumber(ARGV[8])
    end
    return {'limited', left}
  end
  if redis.call('INCR', KEYS[4]) == 1 then
    redis.call('PEXPIRE', KEYS[4], ARGV[8])
  end
end
if ARGV[9] == '1' then
  return {'counted'}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local instanceCap = tonumber(ARGV[4])
local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
local lost = (not lease) or tonumber(lease) <= now
-- instances whose lease ended (crashed, cut off, frozen) give their slots back
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, instance in ipairs(expired) do
  redis.call('HDEL', KEYS[1], instance)
  redis.call('ZREM', KEYS[2], instance)
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
local excess = 0
if lost then
  -- this instance's count went with its lease (it lapsed, or Redis lost its data): re-admit what it really holds
  local held = math.max(0, tonumber(ARGV[5]))
  if (not lease) and ARGV[6] == '1' then
    -- the lease should still run, so Redis lost the fleet's counts: admit nobody until every live instance renewed
    redis.call('SET', KEYS[3], '1', 'PX', ttl, 'NX')
  end
  local others = 0
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields, 2 do
    if fields[i] ~= ARGV[1] then
      others = others + math.max(0, tonumber(fields[i + 1]))
    end
  end
  excess = math.max(0, others + held - cap)
  if instanceCap > 0 then
    excess = math.max(excess, held - instanceCap)
  end
  redis.call('HSET', KEYS[1], ARGV[1], held)
end
local total = 0
for _, count in ipairs(redis.call('HVALS', KEYS[1])) do
  total = total + math.max(0, tonumber(count))
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {0, total, 'recovering', excess}
end
if total >= cap then
  return {0, total, 'fleet', excess}
end
local own = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if instanceCap > 0 and own >= instanceCap then
  return {0, total, 'instance', excess}
end
local task = {}
if ARGV[10] == '1' then
  -- the task is looked up only once a slot is free (a full fleet answers 1013 before an unknown task's 4404), and
  -- an unknown task takes none: nothing to give back
  task = redis.call('HGETALL', KEYS[5])
  if #task == 0 then
    return {2, total, excess}
  end
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return {1, total + 1, excess, task}
