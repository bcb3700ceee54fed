package com.scamscan.api.agent.scamdb;

import java.util.List;

/** Where a feed's documents come from: an HTTP(S) URL, a file, or the shipped sample. */
interface FeedSource {

    /** Where the feed is, as shown on {@code /health} and remembered with its data (a URL, a path, {@code classpath:scamdb}). */
    String location();

    /**
     * Fetches the feed.
     *
     * @param previous the validators of the copy in Redis ({@link Validators#NONE} when there is none)
     * @throws FeedException when the feed cannot be fetched (unreachable, an HTTP error, too large, timed out)
     */
    Fetch fetch(Validators previous) throws FeedException, InterruptedException;

    /** What tells a source whether the copy in Redis is current: an HTTP ETag and Last-Modified (or a content digest). */
    record Validators(String etag, String lastModified) {
        static final Validators NONE = new Validators("", "");
    }

    /** One document to parse (the sample has four, in different formats). */
    record Document(String name, byte[] body, String contentType, FeedFormat format) {
    }

    /** Either the copy in Redis is current ({@code notModified}) or the documents that replace it and their validators. */
    record Fetch(boolean notModified, List<Document> documents, Validators validators) {
        static Fetch unchanged() {
            return new Fetch(true, List.of(), Validators.NONE);
        }
    }
}
