-- What a worker needs of a scan it was delivered, in one round trip (see ScanQueue.claim): the task's record and its
-- upload, which share the task's slot. KEYS[1] task record   KEYS[2] scan input (hash)   ARGV the upload's fields
-- (ScanInput.FIELDS)
-- Replies {record field/value pairs (HGETALL, empty when the task is unknown or expired), the upload's values in the
-- order of ARGV (nil for a missing one)}.
return {redis.call('HGETALL', KEYS[1]), redis.call('HMGET', KEYS[2], unpack(ARGV))}
