-- Gives one connection's slot back; a count never goes below zero (see ConnectionBudget#release).
-- KEYS[1] counts   KEYS[2] leases   ARGV[1] instance id
-- An instance that already left the fleet (or whose lease lapsed and was dropped) has nothing to give back.
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return 0
end
local count = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if count < 0 then
  redis.call('HSET', KEYS[1], ARGV[1], 0)
  return 0
end
return count
