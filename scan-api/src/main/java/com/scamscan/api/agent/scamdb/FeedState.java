package com.scamscan.api.agent.scamdb;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A feed's refresh state as kept in Redis (shared by every instance): when it last succeeded and was last tried, how
 * many entries its live copy has, the last error in plain words (empty after a success), the validators of the live
 * copy, and where that copy came from.
 */
public record FeedState(Optional<Instant> lastSuccess, Optional<Instant> lastAttempt, long entries, String lastError,
                        Optional<Instant> lastErrorAt, String etag, String lastModified, String location) {

    static final String LAST_SUCCESS = "last_success";
    static final String LAST_ATTEMPT = "last_attempt";
    static final String ENTRIES = "entries";
    static final String LAST_ERROR = "last_error";
    static final String LAST_ERROR_AT = "last_error_at";
    static final String ETAG = "etag";
    static final String LAST_MODIFIED = "last_modified";
    static final String LOCATION = "location";

    static FeedState of(Map<String, String> hash) {
        return new FeedState(instant(hash.get(LAST_SUCCESS)), instant(hash.get(LAST_ATTEMPT)), entries(hash.get(ENTRIES)),
                hash.getOrDefault(LAST_ERROR, ""), instant(hash.get(LAST_ERROR_AT)), hash.getOrDefault(ETAG, ""),
                hash.getOrDefault(LAST_MODIFIED, ""), hash.getOrDefault(LOCATION, ""));
    }

    /** Whether the live copy was loaded at least once. */
    public boolean loaded() {
        return lastSuccess.isPresent();
    }

    /** Whether the last attempt failed (the live copy, if any, is older). */
    public boolean failing() {
        return !lastError.isEmpty();
    }

    private static Optional<Instant> instant(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    }

    private static long entries(String text) {
        return text == null || text.isEmpty() ? 0 : Long.parseLong(text);
    }
}
