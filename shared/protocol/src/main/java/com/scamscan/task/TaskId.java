package com.scamscan.task;

import java.util.UUID;
import java.util.regex.Pattern;

/** Task ids: 1-64 characters of {@code [A-Za-z0-9_-]}. scan-api issues random UUIDs; other publishers may use their own. */
public final class TaskId {

    /** The id format, also the rule that keeps ids safe inside Redis names and hash tags. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private TaskId() {
    }

    /** Whether the id matches {@link #FORMAT}; checked by hand, because it runs for every event relayed and published. */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > 64) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Returns the id when valid; fails with a message that names the rule otherwise. */
    public static String require(String candidate) {
        if (!isValid(candidate)) {
            throw new IllegalArgumentException("task id must be 1-64 characters of [A-Za-z0-9_-]");
        }
        return candidate;
    }

    /** A new random id. */
    public static String random() {
        return UUID.randomUUID().toString();
    }
}
