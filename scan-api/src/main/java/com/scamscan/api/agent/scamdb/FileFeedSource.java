package com.scamscan.api.agent.scamdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** A feed read from a local file (e.g. one a cron job downloads, or a team's own list), read again on every refresh. */
final class FileFeedSource implements FeedSource {

    private final Path path;
    private final FeedFormat format;
    private final long maxBytes;

    FileFeedSource(Path path, FeedFormat format, long maxBytes) {
        this.path = path;
        this.format = format;
        this.maxBytes = maxBytes;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Fetch fetch(Validators previous) throws FeedException {
        try {
            if (Files.size(path) > maxBytes) {
                throw new FeedException("the file is larger than the limit of " + maxBytes + " bytes");
            }
            return new Fetch(false, List.of(new Document(location(), Files.readAllBytes(path), null, format)), Validators.NONE);
        } catch (NoSuchFileException e) {
            throw new FeedException("the file does not exist");
        } catch (IOException e) {
            throw new FeedException("the file could not be read: " + e.getClass().getSimpleName(), e);
        }
    }
}
