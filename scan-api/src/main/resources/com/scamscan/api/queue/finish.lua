-- A worker is done with a task (see ScanQueue#complete and #release).
-- KEYS[1] lease   KEYS[2] processing list   KEYS[3] scan input   KEYS[4] queue
-- ARGV[1] worker id   ARGV[2] task id   ARGV[3] 'complete' (drop the upload) or 'release' (queue it again, first in line)
-- Replies 1, or 0 when the worker no longer held the lease (someone else has the task now; nothing changed).
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('LREM', KEYS[2], 1, ARGV[2])
if ARGV[3] == 'complete' then
  redis.call('DEL', KEYS[3])
else
  -- a worker stopping politely (a deploy) did not fail the task: its start does not count as an attempt
  if redis.call('EXISTS', KEYS[3]) == 1 then
    redis.call('HINCRBY', KEYS[3], 'attempts', -1)
  end
  redis.call('RPUSH', KEYS[4], ARGV[2])
end
return 1
