package com.scamscan.api.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One upload as it travels from the controller to the agent: checked by the controller, stored beside its task by
 * {@link ScanSubmissions}, handed to a worker by the queue's claim and analysed by the agent. The same value all the
 * way; only here does it become the fields of the task's upload hash ({@link #FIELDS}) and back.
 *
 * <p>Where the upload came from (the client's address, whether it was counted against a rate limit) is the
 * controller's business only and is not stored.
 *
 * @param image the screenshot's bytes, as uploaded
 * @param imageType the type its first bytes show
 * @param text the text the person typed or pasted, empty for none
 * @param region the phone region the request named (ISO 3166 alpha-2), empty for none
 * @param trace the W3C {@code traceparent} of the request that uploaded it (its trace goes on in the worker), empty for
 *              none; an upload stored by an earlier version has none
 */
public record ScanInput(byte[] image, ImageType imageType, String text, String region, String trace) {

    /** The upload hash's fields, in the order {@link #fields()} writes them and {@link #read} reads them. */
    public static final List<String> FIELDS = List.of("image", "image_type", "text", "region", "trace");

    public ScanInput {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageType, "imageType");
        text = text == null ? "" : text;
        region = region == null ? "" : region;
        trace = trace == null ? "" : trace;
    }

    /** An upload outside any trace. */
    public ScanInput(byte[] image, ImageType imageType, String text, String region) {
        this(image, imageType, text, region, "");
    }

    /** The trace's id (32 hex digits) from {@link #trace()}; empty when there is none. */
    public String traceId() {
        String[] parts = trace.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : "";
    }

    /** The upload hash's field/value pairs, for a script that stores it. */
    public List<byte[]> fields() {
        return List.of(bytes(FIELDS.get(0)), image, bytes(FIELDS.get(1)), bytes(imageType.name()),
                bytes(FIELDS.get(2)), bytes(text), bytes(FIELDS.get(3)), bytes(region), bytes(FIELDS.get(4)), bytes(trace));
    }

    /**
     * The upload from the hash's values of {@link #FIELDS}, in that order (a missing field as {@code null}).
     *
     * @return empty when the image or its type is missing (the upload expired)
     * @throws IllegalArgumentException when the type is not one of {@link ImageType}'s (not written by ScamScan)
     */
    public static Optional<ScanInput> read(List<byte[]> values) {
        if (values.size() != FIELDS.size() || values.get(0) == null || values.get(1) == null) {
            return Optional.empty();
        }
        return Optional.of(new ScanInput(values.get(0), ImageType.valueOf(text(values.get(1))), text(values.get(2)),
                text(values.get(3)), text(values.get(4))));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScanInput that && java.util.Arrays.equals(image, that.image) && imageType == that.imageType
                && text.equals(that.text) && region.equals(that.region) && trace.equals(that.trace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(image), imageType, text, region, trace);
    }

    /** Never the image or the text: they are the person's and stay out of logs. */
    @Override
    public String toString() {
        return "ScanInput[" + imageType + ", " + image.length + " bytes, " + text.length() + " chars of text, region "
                + (region.isEmpty() ? "none" : region) + (trace.isEmpty() ? "" : ", trace " + traceId()) + "]";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
