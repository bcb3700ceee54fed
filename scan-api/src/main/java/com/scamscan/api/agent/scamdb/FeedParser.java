package com.scamscan.api.agent.scamdb;

import com.google.common.net.InetAddresses;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.scamscan.api.agent.text.EntityExtractor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one feed document into entries, or refuses it: a web page instead of a list, a CSV cut short (no final line
 * break, or a last row with too few columns), or a document where most lines are not entries.
 */
final class FeedParser {

    /** What a document held: its distinct entries and how many data lines were not entries. */
    record Parsed(Set<String> entries, int lines, int unreadable) {
    }

    private static final Set<String> HOSTS_FILE_NAMES = Set.of("localhost", "localhost.localdomain", "local",
            "broadcasthost", "ip6-localhost", "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes",
            "ip6-allrouters", "ip6-allhosts", "0.0.0.0");

    private FeedParser() {
    }

    /**
     * @param contentType the HTTP content type, or null for a file
     * @param maxUnreadable the largest share (0-1) of data lines that may fail to parse before the whole document is refused
     */
    static Parsed parse(byte[] body, String contentType, FeedFormat format, double maxUnreadable) throws FeedException {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith("text/html")) {
            throw new FeedException("the server sent a web page (text/html) instead of a list");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.stripLeading().startsWith("<")) {
            throw new FeedException("the feed starts with '<': it looks like a web page or XML, not a list");
        }
        if (format.csv() && !text.isEmpty() && !text.endsWith("\n")) {
            throw new FeedException("the feed does not end with a line break, so the download was cut short");
        }
        List<String> lines = text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        int columns = -1;
        int urlColumn = 2;
        int first = 0;
        if (format == FeedFormat.PHISHTANK_CSV) {
            if (lines.isEmpty() || !lines.get(0).toLowerCase(Locale.ROOT).startsWith("phish_id,url,")) {
                throw new FeedException("the PhishTank header line (phish_id,url,...) is missing");
            }
            columns = csv(lines.get(0)).size();
            urlColumn = 1;
            first = 1;
        } else if (format == FeedFormat.URL_CSV && !lines.isEmpty()) {
            columns = csv(lines.get(0)).size();
            if (columns < 3) {
                throw new FeedException("the first row has " + columns + " columns; URLhaus rows have the URL in the third");
            }
        }
        Set<String> entries = new LinkedHashSet<>();
        int unreadable = 0;
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            List<String> found;
            if (format.csv()) {
                List<String> cells = csv(line);
                if (cells.size() != columns) {
                    if (i == lines.size() - 1) {
                        throw new FeedException("the last row has " + cells.size() + " columns instead of " + columns
                                + ", so the download was cut short");
                    }
                    unreadable++;
                    continue;
                }
                found = url(cells.get(urlColumn)).stream().toList();
            } else {
                Optional<List<String>> read = read(line, format);
                if (read.isEmpty()) {
                    continue; // a line that is not meant as an entry (a hosts file's localhost)
                }
                found = read.get();
            }
            if (found.isEmpty()) {
                unreadable++;
            } else {
                entries.addAll(found);
            }
        }
        int data = lines.size() - first;
        if (data > 0 && unreadable > maxUnreadable * data) {
            throw new FeedException(unreadable + " of " + data + " lines are not " + what(format)
                    + ", so the feed is not in the configured format");
        }
        return new Parsed(entries, data, unreadable);
    }

    private static String what(FeedFormat format) {
        return switch (format.kind()) {
            case URLS -> "web addresses";
            case DOMAINS -> "domain names";
            case PHONES -> "phone numbers in international form";
        };
    }

    /** The entries on one line of a list format; empty when the line is not meant as an entry; an empty list when it is unreadable. */
    private static Optional<List<String>> read(String line, FeedFormat format) {
        return switch (format) {
            case URL_LIST -> Optional.of(url(line).stream().toList());
            case DOMAIN_LIST -> hosts(line);
            case PHONE_LIST -> Optional.of(phone(line).stream().toList());
            case URL_CSV, PHISHTANK_CSV -> throw new IllegalArgumentException("CSV formats are read by columns");
        };
    }

    private static Optional<List<String>> hosts(String line) {
        int comment = line.indexOf('#');
        String[] fields = (comment >= 0 ? line.substring(0, comment) : line).strip().split("\\s+");
        List<String> names = new ArrayList<>();
        if (fields.length >= 1 && (InetAddresses.isInetAddress(fields[0]))) {
            for (int i = 1; i < fields.length; i++) {
                names.add(fields[i]);
            }
        } else if (fields.length == 1) {
            names.add(fields[0]);
        } else {
            return Optional.of(List.of());
        }
        names.removeIf(name -> HOSTS_FILE_NAMES.contains(name.toLowerCase(Locale.ROOT)));
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        for (String name : names) {
            Optional<String> domain = EntityExtractor.domainOf(name);
            if (domain.isEmpty()) {
                return Optional.of(List.of());
            }
            domains.add(domain.get());
        }
        return Optional.of(domains);
    }

    private static Optional<String> url(String text) {
        String url = text.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && url.length() > lower.indexOf("://") + 3
                && url.chars().noneMatch(Character::isWhitespace)
                ? Optional.of(ScamDatabase.normaliseUrl(url)) : Optional.empty();
    }

    private static Optional<String> phone(String text) {
        try {
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            return Optional.of(util.format(util.parse(text, "ZZ"), PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
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
