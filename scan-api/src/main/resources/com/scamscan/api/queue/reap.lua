-- Removes consumers of the workers' group that hold nothing and have not been seen for a while (workers of stopped
-- instances), so the group's consumer list shows live workers. Checked and removed in one step, so a consumer that
-- just received an entry is never removed with it. KEYS[1] scan stream   ARGV[1] consumer group
-- ARGV[2] idle milliseconds after which an empty consumer is removed. Replies the number removed.
local removed = 0
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local fields = {}
  for i = 1, #consumer, 2 do
    fields[consumer[i]] = consumer[i + 1]
  end
  if tonumber(fields['pending']) == 0 and tonumber(fields['idle']) > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
    removed = removed + 1
  end
end
return removed
