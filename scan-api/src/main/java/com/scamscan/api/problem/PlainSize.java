package com.scamscan.api.problem;

/** Sizes in the units people know ("15.6 MB", "820 KB"), as the page shows them. */
public final class PlainSize {

    private static final long KB = 1024;
    private static final long MB = 1024 * 1024;

    private PlainSize() {
    }

    /** {@code 16357785} as "15.6 MB", {@code 10485760} as "10 MB", {@code 839680} as "820 KB". */
    public static String of(long bytes) {
        if (bytes >= MB) {
            long tenths = Math.round(bytes * 10.0 / MB);
            return (tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10)) + " MB";
        }
        return Math.max(1, Math.round((double) bytes / KB)) + " KB";
    }

    /** The detail of an {@code image-too-large} problem: "The image is 15.6 MB; the limit is 10 MB". */
    public static String tooLarge(long bytes, long limit) {
        String size = of(bytes);
        String max = of(limit);
        return size.equals(max) ? "The image is just over the limit of " + max : "The image is " + size + "; the limit is " + max;
    }

    /** The same detail when only the whole request's size is known, or nothing at all ({@code bytes} 0). */
    public static String tooLargeUpload(long bytes, long limit) {
        return bytes > limit ? tooLarge(bytes, limit) : "The image is larger than the limit of " + of(limit);
    }
}
