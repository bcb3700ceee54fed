-- Records a task's entry on the scan stream in its task record, if the record still exists (a migrated scan's record
-- may have expired; no record is created). KEYS[1] task record   ARGV[1] entry id. Replies 1 when recorded, else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'queue_entry', ARGV[1])
return 1
