package com.scamscan.api.agent.scamdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The shipped sample ({@code src/main/resources/scamdb}), never fetched from the network. Its validator is a digest of
 * its content, so a new release's sample replaces the old one and an unchanged one is not written again.
 */
final class SampleFeedSource implements FeedSource {

    static final String NAME = "sample";

    private static final Map<String, FeedFormat> RESOURCES = Map.of(
            "scamdb/sample-phishing-urls.txt", FeedFormat.URL_LIST,
            "scamdb/sample-malware-urls.csv", FeedFormat.URL_CSV,
            "scamdb/sample-domains.txt", FeedFormat.DOMAIN_LIST,
            "scamdb/sample-phones.txt", FeedFormat.PHONE_LIST);

    private final List<Document> documents;
    private final String digest;

    SampleFeedSource() {
        List<Document> read = new ArrayList<>();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String resource : RESOURCES.keySet().stream().sorted().toList()) {
                try (InputStream in = SampleFeedSource.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("the shipped sample " + resource + " is missing from the classpath");
                    }
                    byte[] body = in.readAllBytes();
                    sha.update(resource.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update(body);
                    read.add(new Document(resource, body, null, RESOURCES.get(resource)));
                }
            }
            digest = "\"sample-" + HexFormat.of().formatHex(sha.digest()) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        documents = List.copyOf(read);
    }

    @Override
    public String location() {
        return "classpath:scamdb";
    }

    @Override
    public Fetch fetch(Validators previous) {
        if (digest.equals(previous.etag())) {
            return Fetch.unchanged();
        }
        return new Fetch(false, documents, new Validators(digest, ""));
    }
}
