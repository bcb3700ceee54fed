-- Registers a task unless its id is taken (see TestTasks#create: tests and benchmarks only; scan-api registers a task
-- together with its scan in one script).
-- KEYS[1] task record (hash)   ARGV[1] TTL in seconds   ARGV[2..] field, value, field, value...
-- Replies 1 when created, 0 when the record already exists (and leaves it untouched).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
