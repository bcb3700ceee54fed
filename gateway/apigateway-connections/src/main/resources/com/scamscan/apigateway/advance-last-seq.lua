-- KEYS[1] a connection's record (apigw_connection:ID); ARGV[1] the last seq the connection was sent.
-- Raises the record's last_seq to ARGV[1] if the record exists and its last_seq is lower; replies 1 if it did.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local current = tonumber(redis.call('HGET', KEYS[1], 'last_seq') or '0')
if current >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'last_seq', ARGV[1])
return 1
