-- Replaces a feed's live sets with the sets one refresh has filled, in one step, if that refresh still holds the lock.
-- KEYS[1] the feed's lock, KEYS[2] its state hash, then pairs: a live set, the incoming set that replaces it.
-- ARGV[1] the refresh's lock token, then field/value pairs for the state hash.
-- Returns the feed's entries after the swap, or -1 when the lock was lost (the incoming sets are dropped).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    for i = 3, #KEYS, 2 do
        redis.call('DEL', KEYS[i + 1])
    end
    return -1
end
local total = 0
for i = 3, #KEYS, 2 do
    if redis.call('EXISTS', KEYS[i + 1]) == 1 then
        redis.call('RENAME', KEYS[i + 1], KEYS[i])
        redis.call('PERSIST', KEYS[i]) -- the incoming set's TTL (a crashed refresh's leftovers expire) must not follow it
        total = total + redis.call('SCARD', KEYS[i])
    else
        redis.call('DEL', KEYS[i])
    end
end
redis.call('HSET', KEYS[2], 'entries', total, unpack(ARGV, 2))
return total
