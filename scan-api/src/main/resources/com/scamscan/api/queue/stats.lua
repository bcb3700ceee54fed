-- The scan queue's state in one step, for metrics and /health. KEYS[1] scan stream   KEYS[2] dead-letter stream
-- ARGV[1] consumer group. Replies {length, pending, oldest waiting entry's age in ms (-1 when none waits),
-- dead letters, consumer, its pending, ...}; ages by the Redis server's clock, like the entry ids.
local length = redis.call('XLEN', KEYS[1])
local dead = redis.call('XLEN', KEYS[2])
local pending = 0
local last = '0-0'
local consumers = {}
if redis.call('EXISTS', KEYS[1]) == 1 then
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
    local fields = {}
    for i = 1, #group, 2 do
      fields[group[i]] = group[i + 1]
    end
    if fields['name'] == ARGV[1] then
      pending = fields['pending']
      last = fields['last-delivered-id']
      for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
        local c = {}
        for i = 1, #consumer, 2 do
          c[consumer[i]] = consumer[i + 1]
        end
        table.insert(consumers, c['name'])
        table.insert(consumers, c['pending'])
      end
    end
  end
end
local age = -1
local oldest = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)
if #oldest > 0 then
  local now = redis.call('TIME')
  local ms = tonumber(string.match(oldest[1][1], '^(%d+)-'))
  age = math.max(0, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - ms)
end
local reply = {length, pending, age, dead}
for _, value in ipairs(consumers) do
  table.insert(reply, value)
end
return reply
