-- Moves a scan out of attempts to the dead-letter stream, if the calling worker holds its entry: acknowledged and
-- deleted from the scan stream, added to the dead letters (capped). KEYS[1] scan stream   KEYS[2] dead-letter stream
-- ARGV[1] consumer group   ARGV[2] worker (consumer)   ARGV[3] entry id   ARGV[4] task id   ARGV[5] reason
-- ARGV[6] the dead-letter stream's cap. Replies 1, or 0 when the worker no longer held the entry.
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
if #pending == 0 then
  return 0
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'task_id', ARGV[4], 'entry', ARGV[3],
    'deliveries', tostring(pending[1][4]), 'consumer', ARGV[2], 'reason', ARGV[5])
return 1
