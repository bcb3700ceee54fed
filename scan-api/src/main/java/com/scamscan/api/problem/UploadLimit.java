package com.scamscan.api.problem;

/**
 * The largest image the API accepts, for the {@code image-too-large} problem of a body Micronaut refused before any
 * route ran. Implemented by the scan settings, so that problems need not know the scan feature.
 */
public interface UploadLimit {

    /** The largest accepted image, in bytes. */
    int maxImageBytes();
}
