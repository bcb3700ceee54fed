package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * One feed the scam database refreshes on a schedule: {@code scamscan.scamdb.feeds.NAME.*}. Exactly one of
 * {@code url} (http or https) and {@code path} (a local file) is set.
 *
 * @param name the feed's name (the map key): 1-64 lower-case letters, digits, '-' or '_'; {@code sample} is reserved
 * @param url where to download the feed
 * @param path a file to read the feed from
 * @param format how the feed is written ({@link FeedFormat}, e.g. {@code url-csv})
 * @param interval how often to refresh it
 * @param maxDrop the largest share (0-1) of entries a refresh may lose; a bigger drop is refused (1 allows any)
 * @param maxUnreadable the largest share (0-1) of lines that may fail to parse; more and the refresh is refused
 */
@EachProperty(FeedSettings.PREFIX)
public record FeedSettings(
        @Parameter String name,
        @Nullable String url,
        @Nullable String path,
        @Nullable FeedFormat format,
        @Bindable(defaultValue = "1h") Duration interval,
        @Bindable(defaultValue = "0.9") double maxDrop,
        @Bindable(defaultValue = "0.5") double maxUnreadable) {

    public static final String PREFIX = ScamDbSettings.PREFIX + ".feeds";
}
