package com.scamscan.api.agent.scamdb;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the shipped sample and the configured feeds into the scam database when an agent instance starts. */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScamDbLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ScamDbLoader.class);
    private static final String[][] SAMPLE = {
            {"scamdb/sample-phishing-urls.txt", "URL_LIST"},
            {"scamdb/sample-malware-urls.csv", "URL_CSV"},
            {"scamdb/sample-domains.txt", "DOMAIN_LIST"},
            {"scamdb/sample-phones.txt", "PHONE_LIST"},
    };

    private final ScamDatabase database;
    private final ScamDbSettings settings;

    public ScamDbLoader(ScamDatabase database, ScamDbSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (settings.importSample()) {
            for (String[] sample : SAMPLE) {
                try (InputStream in = ScamDbLoader.class.getClassLoader().getResourceAsStream(sample[0])) {
                    if (in == null) {
                        throw new IllegalStateException("missing " + sample[0]);
                    }
                    int n = database.importFeed(in, FeedFormat.valueOf(sample[1]));
                    LOG.info("scam database: {} entries from the sample {}", n, sample[0]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (String feed : settings.feeds()) {
            if (feed.isBlank()) {
                continue;
            }
            int eq = feed.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(ScamDbSettings.PREFIX + ".feeds entries are FORMAT=path, was " + feed);
            }
            FeedFormat format = FeedFormat.valueOf(feed.substring(0, eq).trim().toUpperCase(Locale.ROOT));
            Path path = Path.of(feed.substring(eq + 1).trim());
            try (InputStream in = Files.newInputStream(path)) {
                LOG.info("scam database: {} entries from {}", database.importFeed(in, format), path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read feed " + path, e);
            }
        }
    }
}
