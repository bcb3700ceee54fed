-- Decides what becomes of a processing entry without a lease: the task's own keys (see ScanQueue#recover; unlist.lua
-- then takes it off the processing list). KEYS[1] lease   KEYS[2] scan input   ARGV[1] attempts allowed
-- ARGV[2] the upload's 'takes' when the caller saw this entry without a lease, never leased, at its previous sweep;
-- '' when it did not
-- Replies {0} a worker holds it (leave it); {2, takes} no lease, but none was taken since the task was last queued
-- (a worker may be between taking it off the queue and leasing it: leave it, ask again at the next sweep with these
-- takes); {1} queue it again (its lease lapsed: the worker died; or it was seen like this at the previous sweep and
-- nobody leased it since); {-1} out of attempts (upload dropped: the task fails).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0}
end
local takes = redis.call('HGET', KEYS[2], 'takes') or '0'
if redis.call('HEXISTS', KEYS[2], 'leased') == 0 and ARGV[2] ~= takes then
  return {2, takes}
end
local attempts = tonumber(redis.call('HGET', KEYS[2], 'attempts') or '0')
if attempts >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[2])
  return {-1}
end
redis.call('HDEL', KEYS[2], 'leased')
return {1}
