-- KEYS[1] the relay services' leader lease; ARGV[1] this relay's id; ARGV[2] the lease's length in ms.
-- Extends the lease if this relay holds it; replies 1 if it did, 0 if someone else (or no one) holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
