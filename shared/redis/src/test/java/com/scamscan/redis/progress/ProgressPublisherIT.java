package com.scamscan.redis.progress;

import com.scamscan.testing.SharedRedis;
import com.scamscan.testing.redis.RedisFixture;

/** The publisher on a single Redis server ({@code PUBLISH}). */
class ProgressPublisherIT extends ProgressPublisherContract {

    @Override
    protected SharedRedis connect() {
        return new SharedRedis(RedisFixture.shared());
    }
}
