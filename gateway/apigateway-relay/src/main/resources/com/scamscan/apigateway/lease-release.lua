-- KEYS[1] the relay services' leader lease; ARGV[1] this relay's id. Ends the lease if this relay holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
