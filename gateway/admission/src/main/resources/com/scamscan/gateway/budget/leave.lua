-- An instance leaves the fleet (shutdown): its lease and its count go. KEYS[1] counts   KEYS[2] leases   ARGV[1] instance id
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
