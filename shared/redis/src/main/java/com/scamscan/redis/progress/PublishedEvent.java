package com.scamscan.redis.progress;

/**
 * An event as Redis stored and published it.
 *
 * @param seq its number within the task (1, 2, 3, ... without gaps)
 * @param json the exact text that went to the history stream and the channel
 */
public record PublishedEvent(long seq, String json) {
}
