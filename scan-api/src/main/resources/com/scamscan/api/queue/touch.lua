-- A worker shows it is alive: resets the idle time of the entry it holds (XCLAIM ... JUSTID to itself, which does not
-- count a delivery), if it still holds it. KEYS[1] scan stream   ARGV[1] consumer group   ARGV[2] worker (consumer)
-- ARGV[3] entry id. Replies 1, or 0 when another worker took the entry over (or it is gone).
if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2]) == 0 then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
