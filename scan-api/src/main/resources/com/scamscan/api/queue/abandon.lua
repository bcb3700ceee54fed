-- Decides what becomes of a task whose worker died: the task's own keys (see ScanQueue#recover; unlist.lua then
-- takes it off the processing list). KEYS[1] lease   KEYS[2] scan input   ARGV[1] attempts allowed
-- Replies 0 a worker holds it (leave it), 1 queue it again, -1 out of attempts (upload dropped: the task fails).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local attempts = tonumber(redis.call('HGET', KEYS[2], 'attempts') or '0')
if attempts >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[2])
  return -1
end
return 1
