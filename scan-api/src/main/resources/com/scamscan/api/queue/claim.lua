-- Takes the lease on a task a worker just moved to the processing list, and returns its upload (see ScanQueue).
-- KEYS[1] lease   KEYS[2] scan input (hash)   ARGV[1] worker id   ARGV[2] lease in milliseconds
-- Replies {attempts, image, image_type, text, region}, or an empty list when the upload is gone (expired). Not nil:
-- Lettuce reads a nil script reply as a one-element list holding null, which looked like a claim.
-- The upload's 'leased' field says a lease was taken since the task was last queued, so that the recovery sweep
-- knows a missing lease has lapsed (see abandon.lua) rather than not been taken yet; 'takes' counts the leases ever
-- taken, so that the sweep can tell whether one was taken between two of its looks.
if redis.call('EXISTS', KEYS[2]) == 0 then
  return {}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('HSET', KEYS[2], 'leased', '1')
redis.call('HINCRBY', KEYS[2], 'takes', 1)
local attempts = redis.call('HINCRBY', KEYS[2], 'attempts', 1)
local input = redis.call('HMGET', KEYS[2], 'image', 'image_type', 'text', 'region')
return {tostring(attempts), input[1], input[2], input[3], input[4]}
