-- Publishes one progress event of a task, atomically (see ProgressPublisher).
-- KEYS[1] task record (hash)   KEYS[2] history (stream)   KEYS[3] progress channel
-- ARGV[1] the event's JSON object without "seq", starting with '{'
-- ARGV[2] step   ARGV[3] percent   ARGV[4] task status after this event   ARGV[5] timestamp
-- ARGV[6] TTL in seconds   ARGV[7] history length   ARGV[8] verdict JSON or ''   ARGV[9] PUBLISH or SPUBLISH
-- ARGV[10] message   ARGV[11] idempotency key or ''
-- Replies with the event's seq, or an error whose first word is the reason; on error nothing is written.
-- When ARGV[11] equals the key of the task's latest event, that event is the one being retried: its seq
-- is returned and nothing is written again.
local body = ARGV[1]
if string.sub(body, 1, 1) ~= '{' or string.len(body) < 3 then
  return redis.error_reply('BAD_EVENT event must be a non-empty JSON object')
end
local state = redis.call('HMGET', KEYS[1], 'status', 'percent')
if not state[1] then
  return redis.error_reply('UNKNOWN_TASK no task record')
end
if ARGV[11] ~= '' and redis.call('HGET', KEYS[1], 'last_key') == ARGV[11] then
  return tonumber(redis.call('HGET', KEYS[1], 'seq'))
end
if state[1] == 'completed' or state[1] == 'failed' then
  return redis.error_reply('TASK_FINISHED ' .. state[1])
end
local percent = tonumber(ARGV[3])
if state[2] and tonumber(state[2]) > percent then
  return redis.error_reply('PERCENT_DECREASED ' .. state[2] .. ' > ' .. ARGV[3])
end

local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local event = '{"seq":' .. seq .. ',' .. string.sub(body, 2)

redis.call('HSET', KEYS[1], 'status', ARGV[4], 'step', ARGV[2], 'percent', ARGV[3],
  'message', ARGV[10], 'updated_at', ARGV[5], 'last_key', ARGV[11])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], 'verdict', ARGV[8])
end
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[7], seq .. '-0', 'event', event) -- field name: ProgressHistory.EVENT_FIELD
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call(ARGV[9], KEYS[3], event)
return seq
