package com.scamscan.api.scan;

import java.util.Optional;

/** The accepted image types, recognised by their first bytes whatever the upload claims. */
public enum ImageType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String mediaType;
    private final String imageIoFormat;

    ImageType(String mediaType, String imageIoFormat) {
        this.mediaType = mediaType;
        this.imageIoFormat = imageIoFormat;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The ImageIO format name whose reader decodes this type. */
    public String imageIoFormat() {
        return imageIoFormat;
    }

    /** The type these leading bytes announce, if it is an accepted one. */
    public static Optional<ImageType> sniff(byte[] head) {
        if (startsWith(head, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, "GIF87a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || startsWith(head, "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.of(GIF);
        }
        if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
