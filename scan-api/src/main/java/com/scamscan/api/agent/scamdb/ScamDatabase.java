package com.scamscan.api.agent.scamdb;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.redis.RedisNames;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Known-bad URLs, hosts and phone numbers, kept in Redis sets shared by every scan-api instance. */
@Singleton
public class ScamDatabase {

    private static final int BATCH = 500;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisNames names;

    public ScamDatabase(RedisClusterAsyncCommands<String, String> redis, RedisNames names) {
        this.redis = redis;
        this.names = names;
    }

    /** Whether the URL (normalised) is listed. */
    public CompletionStage<Boolean> hasUrl(String url) {
        return redis.sismember(names.scamDbUrls(), normaliseUrl(url));
    }

    /** Whether the host, or any parent domain of it, is listed. */
    public CompletionStage<Boolean> hasDomain(String host) {
        List<String> candidates = new ArrayList<>();
        String name = host.toLowerCase(Locale.ROOT);
        while (name.contains(".")) {
            candidates.add(name);
            name = name.substring(name.indexOf('.') + 1);
        }
        return redis.smismember(names.scamDbDomains(), candidates.toArray(String[]::new))
                .thenApply(hits -> hits.contains(Boolean.TRUE));
    }

    /** Whether the phone number (E.164) is listed. */
    public CompletionStage<Boolean> hasPhone(String e164) {
        return redis.sismember(names.scamDbPhones(), e164);
    }

    /**
     * Imports a feed, adding to what is there.
     *
     * @return how many entries were read (lines that are not entries are skipped)
     * @throws IOException when the feed cannot be read
     */
    public int importFeed(InputStream feed, FeedFormat format) throws IOException {
        String key = switch (format) {
            case URL_LIST, URL_CSV -> names.scamDbUrls();
            case DOMAIN_LIST -> names.scamDbDomains();
            case PHONE_LIST -> names.scamDbPhones();
        };
        int count = 0;
        List<String> batch = new ArrayList<>(BATCH);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(feed, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<String> entry = entry(line.strip(), format);
                if (entry.isEmpty()) {
                    continue;
                }
                batch.add(entry.get());
                count++;
                if (batch.size() == BATCH) {
                    flush(key, batch);
                }
            }
        }
        flush(key, batch);
        return count;
    }

    private void flush(String key, List<String> batch) {
        if (!batch.isEmpty()) {
            redis.sadd(key, batch.toArray(String[]::new)).toCompletableFuture().join();
            batch.clear();
        }
    }

    static Optional<String> entry(String line, FeedFormat format) {
        if (line.isEmpty() || line.startsWith("#")) {
            return Optional.empty();
        }
        return switch (format) {
            case URL_LIST -> url(line);
            case URL_CSV -> {
                List<String> columns = csv(line);
                yield columns.size() >= 3 ? url(columns.get(2)) : Optional.empty();
            }
            case DOMAIN_LIST -> {
                String[] fields = line.split("\\s+");
                String host = fields.length >= 2 && (fields[0].equals("0.0.0.0") || fields[0].equals("127.0.0.1"))
                        ? fields[1] : fields[0];
                yield EntityExtractor.domainOf(host);
            }
            case PHONE_LIST -> phone(line);
        };
    }

    private static Optional<String> url(String text) {
        return text.startsWith("http://") || text.startsWith("https://") ? Optional.of(normaliseUrl(text)) : Optional.empty();
    }

    private static Optional<String> phone(String text) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            return Optional.of(util.format(util.parse(text, "ZZ"), PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Scheme and host in lower case, no default port, no fragment, no trailing slash on the path. */
    public static String normaliseUrl(String url) {
        String text = url.strip();
        int hash = text.indexOf('#');
        if (hash >= 0) {
            text = text.substring(0, hash);
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            text = "http://" + text;
            schemeEnd = 4;
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        int pathStart = rest.length();
        for (char c : new char[]{'/', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < pathStart) {
                pathStart = at;
            }
        }
        String authority = rest.substring(0, pathStart).toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && authority.endsWith(":80") || scheme.equals("https") && authority.endsWith(":443")) {
            authority = authority.substring(0, authority.lastIndexOf(':'));
        }
        String path = rest.substring(pathStart);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + authority + path;
    }

    /** Splits one CSV line: commas separate, double quotes enclose, doubled quotes escape. */
    static List<String> csv(String line) {
        List<String> columns = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                columns.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        columns.add(cell.toString());
        return columns;
    }
}
