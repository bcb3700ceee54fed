-- Extends a worker's lease, if it still holds it. KEYS[1] lease   ARGV[1] worker id   ARGV[2] lease in ms
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
