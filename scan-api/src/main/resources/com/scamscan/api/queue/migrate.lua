-- Moves what an earlier version left on its two lists into the scan stream, once: the processing list first (those
-- scans were taken before any still waiting), then the queue, each oldest first, the lists emptied.
-- KEYS[1] old processing list   KEYS[2] old queue list   KEYS[3] scan stream
-- Replies {task id, entry id, ...} for the caller to record each task's entry.
local moved = {}
local seen = {}
for _, list in ipairs({KEYS[1], KEYS[2]}) do
  while true do
    local task = redis.call('RPOP', list)
    if not task then
      break
    end
    if not seen[task] then
      seen[task] = true
      local entry = redis.call('XADD', KEYS[3], '*', 'task_id', task)
      table.insert(moved, task)
      table.insert(moved, entry)
    end
  end
end
return moved
