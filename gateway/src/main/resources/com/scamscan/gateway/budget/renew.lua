-- Renews an instance's lease and sets its count to the connections it really holds, healing any drift.
-- KEYS[1] counts   KEYS[2] leases   ARGV[1] instance id   ARGV[2] lease TTL ms   ARGV[3] connections held
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], math.max(0, tonumber(ARGV[3])))
return 1
