-- Admits one connection to the fleet-wide budget, atomically (see ConnectionBudget#admit).
-- KEYS[1] counts (hash: instance -> connections)   KEYS[2] leases (sorted set: instance -> lease end, ms)
-- ARGV[1] instance id   ARGV[2] lease TTL ms   ARGV[3] fleet cap   ARGV[4] instance cap (0: none)
-- Replies {1, fleet total after} when admitted, {0, fleet total, 'fleet' | 'instance'} when refused.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- instances whose lease ended (crashed, cut off) give their slots back
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, instance in ipairs(expired) do
  redis.call('HDEL', KEYS[1], instance)
  redis.call('ZREM', KEYS[2], instance)
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
local total = 0
for _, count in ipairs(redis.call('HVALS', KEYS[1])) do
  total = total + math.max(0, tonumber(count))
end
if total >= tonumber(ARGV[3]) then
  return {0, total, 'fleet'}
end
local own = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[4]) > 0 and own >= tonumber(ARGV[4]) then
  return {0, total, 'instance'}
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return {1, total + 1}
