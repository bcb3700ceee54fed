-- Renews an instance's lease and sets its count to the connections it really holds, healing any drift.
-- KEYS[1] counts   KEYS[2] leases   KEYS[3] recovery marker (see admit.lua)
-- ARGV[1] instance id   ARGV[2] lease TTL ms   ARGV[3] connections held   ARGV[4] fleet cap
-- ARGV[5] instance cap (0: none)   ARGV[6] '1' when the instance's own clock says its lease still runs
-- Replies the excess: 0 while the lease ran; after it was lost (lapsed and its slots given to others, or Redis lost
-- its data), the connections held beyond the caps, which the instance sheds (each shed one is released).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
local held = math.max(0, tonumber(ARGV[3]))
local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
if lease and tonumber(lease) > now then
  redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
  redis.call('HSET', KEYS[1], ARGV[1], held)
  return 0
end
if (not lease) and ARGV[6] == '1' then
  -- the lease should still run, so Redis lost the fleet's counts: admit nobody until every live instance renewed
  redis.call('SET', KEYS[3], '1', 'PX', ttl, 'NX')
end
-- re-admit what this instance holds against the caps, counting only instances whose lease runs
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, instance in ipairs(expired) do
  redis.call('HDEL', KEYS[1], instance)
  redis.call('ZREM', KEYS[2], instance)
end
local others = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if fields[i] ~= ARGV[1] then
    others = others + math.max(0, tonumber(fields[i + 1]))
  end
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], held)
local excess = math.max(0, others + held - tonumber(ARGV[4]))
if tonumber(ARGV[5]) > 0 then
  excess = math.max(excess, held - tonumber(ARGV[5]))
end
return excess
