-- Whether a scan queue entry is waiting for a worker (not yet delivered to the consumer group) or pending (delivered
-- to a worker, not acknowledged), read in one step. KEYS[1] scan stream   ARGV[1] consumer group   ARGV[2] entry id
-- Replies 1 or 0. An entry leaves the stream when its scan is finished (XACK and XDEL in one script) or dead-lettered.
if #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) == 0 then
  return 0
end
local function after(a, b) -- whether stream id a comes after b
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  if tonumber(ams) ~= tonumber(bms) then
    return tonumber(ams) > tonumber(bms)
  end
  return tonumber(aseq) > tonumber(bseq)
end
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local fields = {}
  for i = 1, #group, 2 do
    fields[group[i]] = group[i + 1]
  end
  if fields['name'] == ARGV[1] then
    if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1) > 0 then
      return 1
    end
    if after(ARGV[2], fields['last-delivered-id']) then
      return 1
    end
    return 0
  end
end
return 1 -- no workers' group yet: the entry waits for the first worker
