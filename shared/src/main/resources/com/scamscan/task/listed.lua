-- Whether a task id is on the scan queue or on the processing list, read in one step (a move between the two
-- lists is one step too, so a task being moved is never missed). KEYS[1] scan queue   KEYS[2] processing list
-- ARGV[1] task id. Replies 1 or 0.
if redis.call('LPOS', KEYS[1], ARGV[1]) or redis.call('LPOS', KEYS[2], ARGV[1]) then
  return 1
end
return 0
