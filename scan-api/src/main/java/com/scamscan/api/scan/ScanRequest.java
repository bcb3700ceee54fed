package com.scamscan.api.scan;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON form of {@code POST /scan-image}, for clients that cannot send multipart (some serverless and mobile
 * front-ends): the same three inputs, the image as standard base64.
 *
 * @param image the screenshot's bytes in base64 (RFC 4648, padding optional)
 * @param text the message text, optional
 * @param region the default phone region, optional
 */
@Serdeable
public record ScanRequest(@Nullable String image, @Nullable String text, @Nullable String region) {
}
