package com.scamscan.api.scan;

import com.scamscan.api.problem.PlainSize;
import com.scamscan.api.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;

/** The checks on what a scan request carries besides the image's content: its size, the text and the phone region. */
@Singleton
public class UploadChecks {

    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    private final int maxImageBytes;
    private final int maxTextChars;

    @Inject
    public UploadChecks(ScanSettings settings) {
        this(settings.maxImageBytes(), settings.maxTextChars());
    }

    UploadChecks(int maxImageBytes, int maxTextChars) {
        this.maxImageBytes = maxImageBytes;
        this.maxTextChars = maxTextChars;
    }

    /** An image of {@code bytes} bytes is accepted; {@code image-too-large} problem (in plain units) otherwise. */
    public void size(long bytes) {
        if (bytes > maxImageBytes) {
            throw ProblemType.IMAGE_TOO_LARGE.with(PlainSize.tooLarge(bytes, maxImageBytes));
        }
    }

    /**
     * The message text, empty for none; {@code bad-part} problem when longer than {@code max-text-chars} code points.
     *
     * @param what how the request carried it, {@code part} or {@code field}, for the problem's detail
     */
    public String text(@Nullable String text, String what) {
        String message = text == null ? "" : text;
        if (message.codePointCount(0, message.length()) > maxTextChars) {
            throw ProblemType.BAD_PART.with("The " + what + " 'text' is longer than " + maxTextChars + " characters");
        }
        return message;
    }

    /**
     * The phone region the request named, upper case, or empty when it named none: the analysis then infers one from
     * the message or falls back to the default, and knows it was not told. {@code bad-part} problem unless an ISO 3166
     * two-letter code.
     */
    public String region(@Nullable String region, String what) {
        if (region == null || region.isBlank()) {
            return "";
        }
        String phoneRegion = region.trim().toUpperCase(Locale.ROOT);
        if (!REGIONS.contains(phoneRegion)) {
            throw ProblemType.BAD_PART.with("The " + what + " 'region' must be an ISO 3166 two-letter country code, e.g. US");
        }
        return phoneRegion;
    }
}
