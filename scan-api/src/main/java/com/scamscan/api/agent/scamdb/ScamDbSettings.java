package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * What the scam database loads at startup.
 *
 * @param importSample whether to load the shipped sample feeds
 * @param feeds further feeds, each {@code FORMAT=path} with a {@link FeedFormat} name, e.g. {@code URL_LIST=/data/openphish.txt}
 */
@ConfigurationProperties(ScamDbSettings.PREFIX)
public record ScamDbSettings(
        @Bindable(defaultValue = "true") boolean importSample,
        @Bindable(defaultValue = "") List<String> feeds) {

    public static final String PREFIX = "scamscan.scamdb";
}
