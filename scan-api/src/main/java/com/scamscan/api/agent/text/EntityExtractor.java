package com.scamscan.api.agent.text;

import com.google.common.net.InternetDomainName;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.scamscan.progress.Entities;
import java.net.IDN;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final Pattern SCHEME_OR_WWW = Pattern.compile("(?i)^(?:https?://|www\\.)");
    /** The start of a line that may continue a URL broken at the end of the line before. */
    private static final Pattern CONTINUATION = Pattern.compile("^[A-Za-z0-9/?=&#%._~+-]+");
    /** A word that starts a sentence ("Now", "Thanks"), not the rest of a URL. */
    private static final Pattern CAPITALISED_WORD = Pattern.compile("^\\p{Lu}\\p{Ll}+[.,!?:;]*$");
    private static final Pattern HOST_CHARS = Pattern.compile("^[A-Za-z0-9.-]+$");

    /** Spans that are never phone numbers: parcel tracking numbers, amounts of money, dates and times. */
    private static final List<Pattern> NOT_PHONES = List.of(
            Pattern.compile("\\b[A-Z]{2}\\s?\\d{3}\\s?\\d{3}\\s?\\d{3}\\s?[A-Z]{2}\\b"), // UPU S10: RN123456789GB
            Pattern.compile("(?i)\\b1Z\\s?[0-9A-Z]{3}\\s?[0-9A-Z]{3}\\s?[0-9A-Z]{2}\\s?[0-9A-Z]{4}\\s?[0-9A-Z]{4}\\b"), // UPS
            Pattern.compile("(?:[£$€₹¥]|R\\$|\\b(?:Rs|INR|EUR|GBP|USD|CHF)\\b\\.?)\\s?\\d[\\d.,']*\\d|(?:[£$€₹¥]|R\\$)\\s?\\d"),
            Pattern.compile("(?i)\\d[\\d.,']*\\d?\\s?(?:€|£|\\b(?:EUR|GBP|USD|INR|CHF|Rs|euros?|pounds?|dollars?|rupees?)\\b)"),
            Pattern.compile("(?<![\\d.,])\\b\\d{1,3}(?:,\\d{3})+(?:\\.\\d{1,2})?\\b|(?<![\\d.,])\\b\\d{1,3}(?:\\.\\d{3})+,\\d{2}\\b|(?<![\\d.,])\\b\\d+[.,]\\d{2}\\b(?![.,]?\\d)"),
            Pattern.compile("(?<![\\d./-])(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2}))(?![.,/-]?\\d)"),
            Pattern.compile("(?<![\\d:])\\d{1,2}:\\d{2}(?::\\d{2})?(?!:?\\d)"));

    /**
     * Words after which a number is a reference, not a phone number: tracking, order, invoice and account numbers,
     * and (when it has 4 to 8 digits) a one-time code or PIN. Matched on accent-stripped lower case text.
     */
    private static final Pattern REFERENCE_BEFORE = Pattern.compile(
            "(?:(?<![a-z])(?:tracking|track|trace|parcel|package|shipment|consignment|sendungsnummer|sendung|paket|paketnummer|colis|suivi|"
            + "seguimiento|envio|pedido|encomenda|spedizione|pacco|zending|pakket|order|bestellung|bestellnummer|commande|ordine|"
            + "ref|reference|referenz|referencia|riferimento|invoice|rechnung|facture|factura|fattura|receipt|transaction|"
            + "account ending|card ending|ending in|ending with|endet auf|customer|kundennummer|membership|policy|case|ticket|"
            + "booking|iban|sort code|account|konto|compte|cuenta|conto|conta|rekening)|#)"
            + "[\\s:#.]*(?:(?:no|nr|num|number|numbers|nummer|numero|id|is|ist|es|est|e|of|your|ihre|votre|su|tu|il|le|la|el|de|da|do|"
            + "ends?|ending|with|in|code)[\\s:#.]*){0,4}$");
    private static final Pattern CODE_BEFORE = Pattern.compile(
            "(?<![a-z])(?:code|otp|pin|passcode|password|passwort|verification|verify|codigo|codice|tan|kod|token)"
            + "[\\s:#.]*(?:(?:is|ist|es|est|e|your|ihr|votre|su|tu|il|le|el|de|do|da|:)[\\s:#.]*){0,4}$");
    /** Words after which a number that cannot be read is worth telling the person about. */
    private static final Pattern PHONE_BEFORE = Pattern.compile(
            "(?<![a-z])(?:call|phone|tel|telephone|ring|text|sms|whatsapp|contact|mobile|number|dial|helpline|hotline|anrufen|rufen|telefon|"
            + "handy|llame|llamar|llamenos|telefono|appelez|appeler|chiama|chiamare|ligue|ligar|bel)\\b[^\\n]{0,20}$");
    /** A run that may be a phone number: 6 to 15 digits with the usual separators, on one line. */
    private static final Pattern PHONE_LIKE = Pattern.compile(
            "(?<![\\w+.,/@-])(?:\\+|00)?[ \\t]?\\(?\\d(?:[ \\t().-]{0,3}\\d){5,16}(?![\\w@]|[.,/-]\\d)");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private EntityExtractor() {
    }

    /**
     * What a text holds.
     *
     * @param entities URLs, domains, e-mail addresses, and phone numbers valid in a plausible region (E.164)
     * @param unreadableNumbers what looked like phone numbers but is valid nowhere plausible (as written), so was
     *                          not checked: too short, or misread by OCR
     */
    public record Extraction(Entities entities, List<String> unreadableNumbers) {
        public Extraction {
            unreadableNumbers = List.copyOf(unreadableNumbers);
        }
    }

    /** Everything found in {@code text}; phone numbers without a country code are read as {@code region}'s. */
    public static Entities extract(String text, String region) {
        return read(text, PhoneRegion.given(region)).entities();
    }

    /** Everything found in {@code text}; phone numbers without a country code are read in {@code region}'s candidates. */
    public static Extraction read(String text, PhoneRegion region) {
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
        Set<String> unreadable = new LinkedHashSet<>();
        findPhones(rest, region, phones, unreadable);
        return new Extraction(new Entities(List.copyOf(urls), List.copyOf(domains), List.copyOf(emails), List.copyOf(phones)),
                List.copyOf(unreadable));
    }

    private static void findPhones(StringBuilder rest, PhoneRegion region, Set<String> phones, Set<String> unreadable) {
        for (Pattern notPhone : NOT_PHONES) {
            Matcher m = notPhone.matcher(rest.toString());
            while (m.find()) {
                blank(rest, m.start(), m.end());
            }
        }
        String text = rest.toString();
        Matcher candidate = PHONE_LIKE.matcher(text);
        while (candidate.find()) {
            String written = candidate.group().strip();
            String digits = written.replaceAll("\\D", "");
            boolean international = written.startsWith("+") || written.startsWith("00");
            int lineStart = text.lastIndexOf('\n', candidate.start()) + 1;
            String before = PhoneRegion.fold(text.substring(Math.max(lineStart, candidate.start() - 60), candidate.start())).stripTrailing();
            if (digits.length() > (written.startsWith("00") ? 17 : 15)) {
                continue; // longer than any phone number (E.164 has at most 15 digits): a tracking or reference number
            }
            if (!written.startsWith("+") && (REFERENCE_BEFORE.matcher(before).find()
                    || digits.length() <= 8 && CODE_BEFORE.matcher(before).find())) {
                continue;
            }
            Optional<String> valid = international ? valid("+" + digits.substring(written.startsWith("00") ? 2 : 0), "ZZ")
                    : region.candidates().stream().map(r -> valid(written, r)).flatMap(Optional::stream).findFirst();
            if (valid.isPresent()) {
                phones.add(valid.get());
            } else if (international || written.startsWith("0") || written.startsWith("(") || PHONE_BEFORE.matcher(before).find()) {
                unreadable.add(written);
            }
        }
    }

    /** The number in E.164 when it is a valid number in {@code region}. */
    private static Optional<String> valid(String written, String region) {
        try {
            PhoneNumber number = PHONES.parse(written, region);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Joins a line that ends inside a URL with the start of the next one: OCR breaks long links where the screen
     * wrapped them, after a {@code -}, {@code /} or {@code .}. A link that is complete at the end of its line keeps
     * its line to itself; a broken word of ordinary text stays as it is.
     */
    static String joinBrokenUrls(String text) {
        String[] lines = text.replace("\r", "").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            out.append(line);
            if (i + 1 < lines.length) {
                String next = lines[i + 1].stripLeading();
                int lineStart = out.lastIndexOf("\n") + 1;
                String lastToken = out.substring(Math.max(out.lastIndexOf(" "), out.lastIndexOf("\t")) + 1 > lineStart
                        ? Math.max(out.lastIndexOf(" "), out.lastIndexOf("\t")) + 1 : lineStart);
                lastToken = lastToken.replaceFirst("^[(\\[<\"'`]+", "");
                String nextToken = next.isEmpty() ? "" : next.split("\\s+", 2)[0];
                if (!lastToken.isEmpty() && !nextToken.isEmpty() && continues(lastToken, nextToken)) {
                    lines[i + 1] = next; // glued on directly, no separator
                } else {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Whether {@code last}, the last word of a line, is a URL broken off that {@code next} continues. */
    static boolean continues(String last, String next) {
        Matcher continuation = CONTINUATION.matcher(next);
        if (!continuation.find()) {
            return false;
        }
        String piece = continuation.group();
        char end = last.charAt(last.length() - 1);
        boolean sentenceStart = CAPITALISED_WORD.matcher(next).matches();
        boolean schemed = SCHEME_OR_WWW.matcher(last).find();
        boolean withPath = !schemed && last.indexOf('/') > 0 && domainOf(last.substring(0, last.indexOf('/'))).isPresent();
        if (schemed || withPath) {
            String afterScheme = last.replaceFirst("(?i)^https?://", "");
            boolean hostDone = afterScheme.contains("/") || afterScheme.contains("?");
            if (!hostDone && !afterScheme.contains(".")) {
                return true; // "https://secure" + ".paypa1.com/x": no name ends like that
            }
            return switch (end) {
                case '-', '_', '?', '=', '&', '#', '%' -> true;
                case '/' -> !sentenceStart;
                case '.' -> !sentenceStart && (Character.isLowerCase(next.charAt(0)) || Character.isDigit(next.charAt(0)))
                        && (!hostDone || piece.contains("/") || piece.contains("."));
                default -> false;
            };
        }
        // no scheme: join only when the two halves make a name under a public suffix that neither was alone
        String joined = trimTrailing(last + piece);
        String host = joined.contains("/") ? joined.substring(0, joined.indexOf('/')) : joined;
        return switch (end) {
            case '-' -> HOST_CHARS.matcher(last).matches() && domainOf(host).isPresent() && !sentenceStart;
            case '.' -> HOST_CHARS.matcher(last).matches() && !sentenceStart && Character.isLowerCase(next.charAt(0))
                    && (piece.contains("/") || piece.contains(".")) && domainOf(host).isPresent();
            case '/' -> domainOf(last.substring(0, last.length() - 1)).isPresent() && !sentenceStart;
            default -> false;
        };
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
