package com.scamscan.api.agent.scamdb;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One feed of the scam database, as configured.
 *
 * @param kinds what the feed lists (its Redis sets, and the sets a lookup of that kind consults)
 * @param format the configured format, or null for the sample (four documents in four formats)
 * @param sample whether it is the shipped sample (no drop check, loaded at startup, never from the network)
 */
public record Feed(String name, FeedSource source, FeedFormat format, Set<FeedFormat.Kind> kinds, Duration interval,
                   double maxDrop, double maxUnreadable, boolean sample) {

    /** Where the feed comes from (a URL, a path, {@code classpath:scamdb}). */
    public String location() {
        return source.location();
    }

    /**
     * Where the feed comes from, as {@code /health} shows it: a URL's scheme and host only (a feed's path or query may
     * carry an access key, as PhishTank's does), a file's name, or {@code classpath:scamdb}.
     */
    public String shownLocation() {
        String location = source.location();
        if (source instanceof HttpFeedSource) {
            URI uri = URI.create(location);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        }
        if (source instanceof FileFeedSource) {
            Path file = Path.of(location).getFileName();
            return file == null ? location : file.toString();
        }
        return location;
    }
}
