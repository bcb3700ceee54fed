package com.scamscan.api.agent.text;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the screenshot is read.
 *
 * @param timeout the longest Tesseract may read one image; then it stops and what it read so far is used
 * @param maxPixels the most pixels of the image handed to Tesseract after enlarging (a bigger one is scaled down)
 * @param textHeight the height in pixels text lines are scaled to (Tesseract reads best at about 30)
 * @param pageSegmentation Tesseract's page segmentation mode (3 automatic, 4 one column, 6 one block, 11 sparse text)
 */
@ConfigurationProperties(OcrSettings.PREFIX)
public record OcrSettings(
        @Bindable(defaultValue = "5s") Duration timeout,
        @Bindable(defaultValue = "8000000") long maxPixels,
        @Bindable(defaultValue = "30") int textHeight,
        @Bindable(defaultValue = "4") int pageSegmentation) {

    public static final String PREFIX = "scamscan.ocr";

    public OcrSettings {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + ".timeout must be positive, was " + timeout);
        }
        if (maxPixels < 10_000 || textHeight < 8 || textHeight > 200) {
            throw new IllegalArgumentException(PREFIX + ".max-pixels must be at least 10000 and .text-height 8 to 200");
        }
        if (pageSegmentation < 0 || pageSegmentation > 13) {
            throw new IllegalArgumentException(PREFIX + ".page-segmentation must be a Tesseract mode 0 to 13, was " + pageSegmentation);
        }
    }

    /** The defaults, for use outside a Micronaut context. */
    public static OcrSettings defaults() {
        return new OcrSettings(Duration.ofSeconds(5), 8_000_000, 30, 4);
    }
}
