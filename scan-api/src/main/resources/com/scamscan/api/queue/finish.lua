-- A worker is done with a task: the task's own keys (see ScanQueue#complete and #release; unlist.lua then takes it
-- off the processing list). KEYS[1] lease   KEYS[2] scan input
-- ARGV[1] worker id   ARGV[2] 'complete' (drop the upload) or 'release' (keep it for the next worker)
-- Replies 1, or 0 when the worker no longer held the lease (someone else has the task now; nothing changed).
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if ARGV[2] == 'complete' then
  redis.call('DEL', KEYS[2])
elseif redis.call('EXISTS', KEYS[2]) == 1 then
  -- a worker stopping politely (a deploy) did not fail the task: its start does not count as an attempt
  redis.call('HINCRBY', KEYS[2], 'attempts', -1)
  redis.call('HDEL', KEYS[2], 'leased') -- back on the queue: no lease taken since
end
return 1
