package com.scamscan.evaluation;

/** A rendered screenshot: its encoded bytes, their media type and file extension, and its size in pixels. */
public record Screenshot(byte[] bytes, String mediaType, String extension, int width, int height) {
}
