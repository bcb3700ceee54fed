package com.scamscan.api.agent.scamdb;

/**
 * Why a feed could not be refreshed (unreachable, an HTTP error, too large, or data refused), in plain words: the
 * message is logged and shown on {@code /health}, and never contains the feed's body.
 */
public class FeedException extends Exception {

    public FeedException(String reason) {
        super(reason);
    }

    public FeedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
