-- Registers a task, stores what was uploaded and, given the queue, queues it for a worker, all or nothing (see
-- ScanSubmissions). KEYS[1] task record   KEYS[2] scan input (hash)   KEYS[3] scan stream, absent in a Redis Cluster,
-- where the stream lives in another slot and is added to after this script
-- ARGV[1] the task record's TTL, seconds   ARGV[2] task id   ARGV[3] the upload's TTL, milliseconds   ARGV[4] the most
-- scans the stream may hold (waiting or being analysed)   ARGV[5] n, how many of the following arguments are the task
-- record's initial field/value pairs (TaskRegistry.initialFields)   ARGV[6..5+n] those pairs   ARGV[6+n..] the upload's
-- field/value pairs (ScanInput.fields)
-- Replies 1 when stored (and queued: the stream entry's id is in the record's 'queue_entry'), 0 when the task id is
-- taken, -1 when the queue is full (nothing written).
if #KEYS == 3 and redis.call('XLEN', KEYS[3]) >= tonumber(ARGV[4]) then
  return -1
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local record = tonumber(ARGV[5])
redis.call('HSET', KEYS[1], unpack(ARGV, 6, 5 + record))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 6 + record))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
if #KEYS == 3 then
  local entry = redis.call('XADD', KEYS[3], '*', 'task_id', ARGV[2])
  redis.call('HSET', KEYS[1], 'queue_entry', entry)
end
return 1
