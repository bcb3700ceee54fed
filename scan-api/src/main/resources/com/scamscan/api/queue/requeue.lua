-- Gives a dead worker's task to another worker (see ScanQueue#recover).
-- KEYS[1] lease   KEYS[2] processing list   KEYS[3] scan input   KEYS[4] queue
-- ARGV[1] task id   ARGV[2] attempts allowed
-- Replies 1 requeued, 0 nothing to do (a worker holds it, or it left the list), -1 out of attempts (removed,
-- upload dropped: the caller ends the task failed).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
if redis.call('LREM', KEYS[2], 1, ARGV[1]) == 0 then
  return 0
end
local attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts') or '0')
if attempts >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[3])
  return -1
end
redis.call('RPUSH', KEYS[4], ARGV[1])
return 1
