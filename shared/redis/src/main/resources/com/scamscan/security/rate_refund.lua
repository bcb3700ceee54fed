-- Gives back one counted request of one client address (see RateLimiter.refund): a request that was refused after
-- it was counted. KEYS[1] the address's counter. Never below 0, never creates the key; replies the count left.
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
