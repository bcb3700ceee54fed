-- Counts one request of one client address in a fixed window (see RateLimiter).
-- KEYS[1] the address's counter   ARGV[1] the limit   ARGV[2] the window in milliseconds
-- Replies {1, 0} when allowed, {0, ms until the window ends} when over the limit (the refused request is not
-- counted, so a client that waits is let in on time).
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    left = tonumber(ARGV[2])
  end
  return {0, left}
end
if redis.call('INCR', KEYS[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {1, 0}
