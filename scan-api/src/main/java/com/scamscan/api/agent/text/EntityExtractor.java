package com.scamscan.api.agent.text;

import com.google.common.net.InternetDomainName;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.scamscan.progress.Entities;
import java.net.IDN;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds URLs, domains, e-mail addresses and phone numbers in message text (OCR output, QR payloads, the
 * text a person pasted). OCR breaks long URLs over lines; those are joined back before matching.
 */
public final class EntityExtractor {

    private static final Pattern EMAIL = Pattern.compile("(?i)\\b[a-z0-9._%+-]+@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24})\\b");
    private static final Pattern SCHEME_URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'`]+");
    private static final Pattern BARE_URL = Pattern.compile(
            "(?i)(?<![@\\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:xn--[a-z0-9-]{2,59}|[a-z]{2,24}))(?::\\d{2,5})?(/[^\\s<>\"'`]*)?");
    private static final String TRAILING = ".,;:!?)]}'\"";
    /** A line that ends in the middle of a URL: the next line continues it. */
    private static final Pattern BROKEN_URL_END = Pattern.compile("(?i)(?:https?://|www\\.)\\S*[-/_?=&#%]$|https?://[^\\s.]*$");
    /** A URL line ending in a dot continues only when the next line goes on in lower case (not a new sentence). */
    private static final Pattern DOT_URL_END = Pattern.compile("(?i)(?:https?://|www\\.)\\S*\\.$");
    private static final Pattern CONTINUATION = Pattern.compile("^[A-Za-z0-9/?=&#%._-]+");
    private static final Pattern LOWER_CONTINUATION = Pattern.compile("^[a-z0-9/][a-z0-9/?=&#%._-]*(?:\\s|$)");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private EntityExtractor() {
    }

    /** Everything found in {@code text}; phone numbers without a country code are read as {@code region}'s. */
    public static Entities extract(String text, String region) {
        String joined = joinBrokenUrls(text);
        Set<String> urls = new LinkedHashSet<>();
        Set<String> domains = new LinkedHashSet<>();
        Set<String> emails = new LinkedHashSet<>();

        StringBuilder rest = new StringBuilder(joined);
        Matcher email = EMAIL.matcher(joined);
        while (email.find()) {
            emails.add(email.group().toLowerCase(Locale.ROOT));
            domainOf(email.group(1)).ifPresent(domains::add);
            blank(rest, email.start(), email.end());
        }
        Matcher url = SCHEME_URL.matcher(rest.toString());
        while (url.find()) {
            String found = trimTrailing(url.group());
            Optional<String> host = hostOf(found);
            if (host.isPresent() && isIpLiteral(host.get())) {
                urls.add(found); // an address instead of a name: kept, and judged by domain reputation
            } else {
                host.flatMap(EntityExtractor::domainOf).ifPresent(domain -> {
                    urls.add(found);
                    domains.add(domain);
                });
            }
            blank(rest, url.start(), url.end());
        }
        Matcher bare = BARE_URL.matcher(rest.toString());
        while (bare.find()) {
            String host = bare.group(1);
            Optional<String> domain = domainOf(host);
            if (domain.isEmpty()) {
                continue;
            }
            domains.add(domain.get());
            String path = bare.group(2);
            if (path != null && path.length() > 1 || host.toLowerCase(Locale.ROOT).startsWith("www.")) {
                urls.add(trimTrailing(bare.group()));
            }
            blank(rest, bare.start(), bare.end());
        }

        Set<String> phones = new LinkedHashSet<>();
        for (PhoneNumberMatch match : PHONES.findNumbers(rest.toString(), region, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
            phones.add(PHONES.format(match.number(), PhoneNumberUtil.PhoneNumberFormat.E164));
        }
        return new Entities(java.util.List.copyOf(urls), java.util.List.copyOf(domains),
                java.util.List.copyOf(emails), java.util.List.copyOf(phones));
    }

    /** Joins a line that ends inside a URL with the start of the next one. */
    static String joinBrokenUrls(String text) {
        String[] lines = text.replace("\r", "").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            out.append(line);
            if (i + 1 < lines.length) {
                String next = lines[i + 1].stripLeading();
                String lastToken = out.substring(Math.max(out.lastIndexOf(" "), out.lastIndexOf("\n")) + 1);
                boolean broken = BROKEN_URL_END.matcher(lastToken).find() && CONTINUATION.matcher(next).find()
                        || DOT_URL_END.matcher(lastToken).find() && LOWER_CONTINUATION.matcher(next).find();
                if (!lastToken.isEmpty() && broken) {
                    lines[i + 1] = next; // glued on directly, no separator
                } else {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The host in lower case ASCII (IDNs as punycode) when it is a name under a public suffix (so
     * {@code file.txt} and {@code e.g} are not domains).
     */
    public static Optional<String> domainOf(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            name = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            if (!InternetDomainName.isValid(name)) {
                return Optional.empty();
            }
            InternetDomainName domain = InternetDomainName.from(name);
            return domain.isUnderPublicSuffix() ? Optional.of(name) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a URL host is an IPv4 or bracketed IPv6 address. */
    public static boolean isIpLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return com.google.common.net.InetAddresses.isInetAddress(bare);
    }

    /** The host part of a URL with a scheme. */
    public static Optional<String> hostOf(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return Optional.empty();
        }
        String rest = url.substring(start + 3);
        int end = rest.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? Optional.of(authority.substring(0, close + 1)) : Optional.empty();
        }
        int colon = authority.indexOf(':');
        return Optional.of(colon >= 0 ? authority.substring(0, colon) : authority).filter(h -> !h.isEmpty());
    }

    private static String trimTrailing(String url) {
        int end = url.length();
        while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    private static void blank(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, ' ');
        }
    }
}
