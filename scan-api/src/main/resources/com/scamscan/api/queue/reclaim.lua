-- Takes over the oldest entry of the scan stream that has been pending longer than the claim timeout (its worker died
-- or hangs), for the calling worker: XAUTOCLAIM, which also counts the delivery. KEYS[1] scan stream
-- ARGV[1] consumer group   ARGV[2] calling consumer   ARGV[3] claim timeout in milliseconds
-- Replies {entry id, task id, deliveries}, or {} when no entry has been idle that long. Entries deleted meanwhile are
-- dropped from the pending list by XAUTOCLAIM itself.
local cursor = '0-0'
repeat
  local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1)
  cursor = reply[1]
  local entry = reply[2][1]
  if entry then
    local fields = entry[2]
    local task = ''
    for i = 1, #fields, 2 do
      if fields[i] == 'task_id' then
        task = fields[i + 1]
      end
    end
    local pending = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
    return {entry[1], task, tostring(pending[1][4])}
  end
until cursor == '0-0'
return {}
