-- Registers a task, stores what was uploaded and, given the queue, queues it for a worker, all or nothing (see
-- ScanSubmissions). KEYS[1] task record   KEYS[2] scan input (hash)   KEYS[3] scan stream, absent in a Redis Cluster,
-- where the stream lives in another slot and is added to after this script
-- ARGV[1] TTL seconds   ARGV[2] task id   ARGV[3] image bytes   ARGV[4] image type   ARGV[5] text   ARGV[6] region
-- ARGV[7..] the task record's initial field/value pairs (TaskRegistry.initialFields)
-- Replies 1 when stored (and queued: the stream entry's id is in the record's 'queue_entry'), 0 when the task id is
-- taken (nothing written).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 7))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'image', ARGV[3], 'image_type', ARGV[4], 'text', ARGV[5], 'region', ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[1])
if #KEYS == 3 then
  local entry = redis.call('XADD', KEYS[3], '*', 'task_id', ARGV[2])
  redis.call('HSET', KEYS[1], 'queue_entry', entry)
end
return 1
