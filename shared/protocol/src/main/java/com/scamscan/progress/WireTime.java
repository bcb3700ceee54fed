package com.scamscan.progress;

/** The one timestamp format of the contract: ISO-8601 in UTC with milliseconds. */
public final class WireTime {

    /** The pattern for {@code @JsonFormat}: {@code 2026-11-25T10:00:00.123Z}. */
    public static final String PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

    /** The zone every timestamp is written in. */
    public static final String ZONE = "UTC";

    private static final java.time.format.DateTimeFormatter FORMATTER =
            java.time.format.DateTimeFormatter.ofPattern(PATTERN).withZone(java.time.ZoneOffset.UTC);

    private WireTime() {
    }

    /** The wire form of an instant, e.g. for the task record. */
    public static String format(java.time.Instant instant) {
        return FORMATTER.format(instant);
    }

    /**
     * Reads any ISO-8601 instant: the wire form, and also without fractions or with an offset other than
     * {@code Z} (records other systems wrote).
     */
    public static java.time.Instant parseAny(String text) {
        return java.time.OffsetDateTime.parse(text, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Reads the wire form back. */
    public static java.time.Instant parse(String text) {
        return java.time.Instant.from(FORMATTER.parse(text));
    }
}
