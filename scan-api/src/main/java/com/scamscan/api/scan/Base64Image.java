package com.scamscan.api.scan;

import com.scamscan.api.problem.ProblemType;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The image of a JSON scan request: standard base64 (RFC 4648, padding optional), which may be line-wrapped or a
 * {@code data:} URL as a browser makes it.
 *
 * @param encoded the base64 alone, without a {@code data:} prefix or whitespace
 */
record Base64Image(String encoded) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The base64 of a request's {@code image} field. */
    static Base64Image of(String field) {
        String encoded = field;
        int comma = encoded.startsWith("data:") ? encoded.indexOf(',') : -1;
        if (comma >= 0) {
            encoded = encoded.substring(comma + 1);
        }
        return new Base64Image(WHITESPACE.matcher(encoded).replaceAll(""));
    }

    /** How many bytes it would decode to (within 2), known before decoding, so a huge field is refused undecoded. */
    long estimatedBytes() {
        return encoded.length() / 4L * 3;
    }

    /**
     * The image's bytes.
     *
     * @throws com.scamscan.api.problem.ProblemException {@code bad-part} when it is not base64
     */
    byte[] decode() {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ProblemType.BAD_PART.with("The field 'image' is not valid base64");
        }
    }
}
