-- Takes a task off the processing list and, when asked, puts it back on the queue, first in line (see ScanQueue).
-- KEYS[1] processing list   KEYS[2] queue   ARGV[1] task id   ARGV[2] '1' to queue it again, '0' not to
-- Replies 1 when it was on the processing list, 0 when not (another instance dealt with it; nothing queued).
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
if ARGV[2] == '1' then
  redis.call('RPUSH', KEYS[2], ARGV[1])
end
return 1
