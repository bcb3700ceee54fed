-- A worker is done with the scan it holds, if it still holds it. KEYS[1] scan stream   KEYS[2] the scan's upload
-- (scan_input:ID), absent in a Redis Cluster, where it lives in the task's slot and is deleted after this script
-- ARGV[1] consumer group   ARGV[2] worker (consumer)   ARGV[3] entry id
-- ARGV[4] 'complete': the task ended; the entry is acknowledged and deleted (XACK, XDEL) and the upload dropped
--         'release': the worker stops before finishing (a deploy); the entry stays pending but idle for the claim
--         timeout (ARGV[5], ms), so the next poll of any worker takes it, and this delivery is not counted
-- Replies 1, or 0 when the worker no longer held the entry (another worker has the scan now; nothing changed).
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
if #pending == 0 then
  return 0
end
if ARGV[4] == 'complete' then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
  redis.call('XDEL', KEYS[1], ARGV[3])
  if KEYS[2] then
    redis.call('DEL', KEYS[2])
  end
else
  local deliveries = tonumber(pending[1][4])
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', ARGV[5], 'RETRYCOUNT', math.max(0, deliveries - 1), 'JUSTID')
end
return 1
