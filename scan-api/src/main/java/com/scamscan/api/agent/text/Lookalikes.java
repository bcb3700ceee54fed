package com.scamscan.api.agent.text;

import com.scamscan.api.agent.links.Brand;
import com.scamscan.api.agent.links.Brands;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The comparison that sees through brand imitation in a domain label: characters that OCR and typo-squatters swap
 * ({@code paypa1}, {@code amaz0n}, {@code rnicrosoft}), letters of other alphabets that look Latin (a Cyrillic
 * {@code а} in {@code pаypal}), small misspellings of long names ({@code wellsfarqo}), and a brand's name with a
 * scam word next to it ({@code evri-parcel-redelivery}).
 *
 * <p>Guarding against false alarms: a brand key shorter than {@value #MIN_FUZZY} letters ({@code ee}, {@code ups},
 * {@code evri}) never matches by spelling distance nor inside another word; a misspelling of a key shorter than
 * {@value #MIN_UNPROMPTED} letters ({@code apply} for {@code apple}, {@code chasse} for {@code chase}) counts only
 * when the message names that brand; a brand name as a word of a label counts only next to a scam word or when the
 * message names the brand ({@code apple-recipes} is nobody's lookalike).
 */
public final class Lookalikes {

    /** How a label imitates a brand. */
    public enum Kind {
        /** The brand's own name on a domain it does not own ({@code paypal.xyz}). */
        SAME_NAME,
        /** Look-alike digits and letters swapped in ({@code paypa1}, {@code rnicrosoft}). */
        LOOKALIKE_LETTERS,
        /** Letters of another alphabet that look like Latin ones (a punycode name). */
        OTHER_ALPHABET,
        /** A letter or two changed, added, dropped or swapped ({@code paypall}, {@code amzaon}). */
        MISSPELLED,
        /** The brand's name with other words ({@code royalmail-redelivery-uk}, {@code paypalsecure}). */
        NAME_INSIDE
    }

    /** A brand a label imitates, and how. */
    public record Match(Brand brand, Kind kind) {
    }

    /** Keys shorter than this match neither by spelling distance nor inside another word. */
    static final int MIN_FUZZY = 5;
    /** A misspelling of a key shorter than this counts only when the message names the brand. */
    static final int MIN_UNPROMPTED = 8;
    /** Keys this long may be two edits away; shorter ones one. */
    static final int TWO_EDITS = 12;

    /**
     * Words that scam domains put next to a brand's name. Words of five letters or more count anywhere in the rest
     * of the label ({@code taxrefund}); shorter ones only as a word of their own ({@code royalmail-uk}).
     */
    private static final Set<String> SCAM_WORDS = Set.of(
            "secure", "security", "login", "logon", "signin", "verify", "verification", "account", "accounts", "update",
            "support", "help", "helpdesk", "service", "services", "customer", "care", "center", "centre", "official",
            "online", "portal", "alert", "alerts", "notice", "auth", "confirm", "unlock", "unblock", "restore",
            "recovery", "reset", "billing", "invoice", "payment", "payments", "refund", "refunds", "rebate", "claim",
            "reward", "rewards", "bonus", "gift", "prize", "winner", "wallet", "bank", "banking", "card", "cards",
            "delivery", "redelivery", "deliver", "parcel", "parcels", "package", "track", "tracking", "trace", "shipping",
            "shipment", "post", "postage", "courier", "customs", "duty", "fee", "fees", "toll", "tolls", "fine",
            "fines", "penalty", "tax", "taxes", "taxrefund", "hmrc", "gov", "app", "web", "pay", "id", "kyc", "upi",
            "otp", "sms", "my", "uk", "us", "usa", "eu", "de", "fr", "es", "it", "nl", "pt", "in", "ind",
            "paket", "sendung", "zustellung", "konto", "sicherheit", "steuer", "erstattung", "rueckerstattung",
            "colis", "livraison", "compte", "remboursement", "impot", "amende", "paquete", "envio", "entrega",
            "cuenta", "reembolso", "multa", "peaje", "pacco", "spedizione", "consegna", "rimborso", "pakket",
            "bezorging", "rekening", "teruggave", "encomenda");

    private static final List<String> LONG_SCAM_WORDS_FOLDED = SCAM_WORDS.stream().filter(w -> w.length() >= 5)
            .map(Lookalikes::fold).toList();

    private static final Pattern WORD_SPLIT = Pattern.compile("[-_]+");

    /** Letters of other scripts that look like Latin letters (Cyrillic, Greek, Armenian), mapped to the Latin ones. */
    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            Map.entry('а', 'a'), Map.entry('в', 'b'), Map.entry('е', 'e'), Map.entry('ё', 'e'), Map.entry('һ', 'h'),
            Map.entry('і', 'i'), Map.entry('ї', 'i'), Map.entry('ј', 'j'), Map.entry('к', 'k'), Map.entry('м', 'm'),
            Map.entry('н', 'h'), Map.entry('о', 'o'), Map.entry('р', 'p'), Map.entry('с', 'c'), Map.entry('т', 't'),
            Map.entry('у', 'y'), Map.entry('х', 'x'), Map.entry('ѕ', 's'), Map.entry('ԁ', 'd'), Map.entry('ԛ', 'q'),
            Map.entry('ԝ', 'w'), Map.entry('ɡ', 'g'), Map.entry('ɩ', 'i'), Map.entry('ı', 'i'), Map.entry('ʟ', 'l'),
            Map.entry('α', 'a'), Map.entry('ε', 'e'), Map.entry('ι', 'i'), Map.entry('κ', 'k'), Map.entry('ν', 'v'),
            Map.entry('ο', 'o'), Map.entry('ρ', 'p'), Map.entry('τ', 't'), Map.entry('υ', 'u'), Map.entry('χ', 'x'),
            Map.entry('ω', 'w'), Map.entry('ո', 'n'), Map.entry('ս', 'u'), Map.entry('օ', 'o'), Map.entry('ց', 'g'));

    private Lookalikes() {
    }

    /** The label with look-alike characters folded: {@code PayPa1} and {@code paypal} both become {@code paypal}. */
    public static String fold(String label) {
        StringBuilder out = new StringBuilder(label.length());
        for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '0' -> out.append('o');
                case '1', 'i', '|', '!' -> out.append('l');
                case '3' -> out.append('e');
                case '4', '@' -> out.append('a');
                case '5', '$' -> out.append('s');
                case '7' -> out.append('t');
                case '8' -> out.append('b');
                case '-', '_', '.' -> { }
                default -> out.append(c);
            }
        }
        return out.toString().replace("rn", "m").replace("vv", "w");
    }

    /**
     * The label as it looks: punycode decoded, accents dropped, letters of other scripts that look Latin replaced by
     * the Latin ones, then {@link #fold folded}. {@code xn--pypal-4ve} (with a Cyrillic а) becomes {@code paypal}.
     */
    public static String skeleton(String label) {
        String unicode = label.toLowerCase(Locale.ROOT).startsWith("xn--") ? IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED) : label;
        StringBuilder latin = new StringBuilder(unicode.length());
        for (char c : unicode.toLowerCase(Locale.ROOT).toCharArray()) {
            latin.append(CONFUSABLES.getOrDefault(c, c));
        }
        return fold(Normalizer.normalize(latin, Normalizer.Form.NFD).replaceAll("\\p{M}", ""));
    }

    /** The brand whose official domains include this domain (or a parent of it). */
    public static Optional<Brand> officialBrandOf(String domain) {
        return Brands.standard().owner(domain);
    }

    /** The brand this label is made to look like, when the message names no brand. */
    public static Optional<Brand> lookalikeOf(String label) {
        return lookalike(label, List.of()).map(Match::brand);
    }

    /** A brand whose name is a part of the label next to a scam word ({@code usps-redelivery}, {@code paypalsecure}). */
    public static Optional<Brand> brandInside(String label) {
        return nameInside(label, List.of()).map(Match::brand);
    }

    /**
     * The brand a registrable domain's label (the part before the public suffix) or a subdomain label imitates by
     * its look: the whole label, or one of its hyphen-separated words, is the brand's key after folding look-alike
     * characters, or a spelling or two away from it.
     *
     * @param named the brands the message names; a few matches count only for those
     */
    public static Optional<Match> lookalike(String label, Collection<Brand> named) {
        boolean punycode = label.toLowerCase(Locale.ROOT).contains("xn--");
        String raw = label.toLowerCase(Locale.ROOT);
        List<String> parts = WORD_SPLIT.split(raw).length > 1
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(raw), java.util.Arrays.stream(WORD_SPLIT.split(raw))).toList()
                : List.of(raw);
        List<String> looks = parts.stream().map(Lookalikes::skeleton).toList();
        Match best = null;
        for (Brand brand : Brands.standard().all()) {
            for (String key : brand.keys()) {
                String folded = fold(key);
                boolean isNamed = named.contains(brand);
                boolean ordinary = brand.wordKeys().contains(key);
                for (int p = 0; p < parts.size(); p++) {
                    String part = parts.get(p);
                    String look = looks.get(p);
                    if (look.equals(folded)) {
                        if (!isNamed && (key.length() < MIN_FUZZY || ordinary)) {
                            continue;
                        }
                        Kind kind = punycode ? Kind.OTHER_ALPHABET
                                : part.replaceAll("[-_]", "").equals(key) ? Kind.SAME_NAME : Kind.LOOKALIKE_LETTERS;
                        if (part.equals(raw) || kind != Kind.SAME_NAME) {
                            return Optional.of(new Match(brand, kind));
                        }
                        // the brand's exact name as one word among others is a name-inside match, not a lookalike
                    } else if (best == null && key.length() >= MIN_FUZZY
                            && (isNamed || key.length() >= MIN_UNPROMPTED && !ordinary) && !SCAM_WORDS.contains(part)
                            && look.length() >= MIN_FUZZY && distance(look, folded) <= (key.length() >= TWO_EDITS ? 2 : 1)) {
                        best = new Match(brand, punycode ? Kind.OTHER_ALPHABET : Kind.MISSPELLED);
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The brand whose name is in the label next to a scam word ({@code evri-parcel-redelivery},
     * {@code royalmail-redelivery-uk}, {@code paypalsecure}, {@code hmrc-taxrefund}), or anywhere in it when the
     * message names that brand.
     */
    public static Optional<Match> nameInside(String label, Collection<Brand> named) {
        String raw = label.toLowerCase(Locale.ROOT);
        String[] words = WORD_SPLIT.split(raw);
        String[] looks = java.util.Arrays.stream(words).map(Lookalikes::skeleton).toArray(String[]::new);
        boolean[] scamWords = new boolean[words.length];
        for (int i = 0; i < words.length; i++) {
            scamWords[i] = hasScamWord(words[i]);
        }
        for (Brand brand : Brands.standard().all()) {
            boolean isNamed = named.contains(brand);
            for (String key : brand.keys()) {
                String folded = fold(key);
                if (!isNamed && brand.wordKeys().contains(key)) {
                    continue; // "apple-pie-recipes" is about apples unless the message names Apple
                }
                for (int i = 0; i < words.length; i++) {
                    if (looks[i].equals(folded)) {
                        boolean scamWord = false;
                        for (int j = 0; j < words.length; j++) {
                            scamWord |= j != i && scamWords[j];
                        }
                        if (scamWord || isNamed && words.length > 1) {
                            return Optional.of(new Match(brand, Kind.NAME_INSIDE));
                        }
                    }
                }
                if (key.length() < MIN_FUZZY) {
                    continue;
                }
                for (String look : looks) {
                    int at = look.indexOf(folded);
                    if (at >= 0 && look.length() > folded.length()) {
                        String rest = look.substring(0, at) + "-" + look.substring(at + folded.length());
                        // only long scam words here: "barclaysus" is Barclays US, "paypalsecure" is not PayPal
                        if (isNamed || LONG_SCAM_WORDS_FOLDED.stream().anyMatch(rest::contains)) {
                            return Optional.of(new Match(brand, Kind.NAME_INSIDE));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a part of a domain or path holds a word scam domains use ({@code redelivery}, {@code uk}, {@code taxrefund}). */
    public static boolean hasScamWord(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : WORD_SPLIT.split(lower)) {
            if (SCAM_WORDS.contains(word)) {
                return true;
            }
        }
        String folded = fold(lower);
        return LONG_SCAM_WORDS_FOLDED.stream().anyMatch(folded::contains);
    }

    /**
     * Whether the text holds a scam word of five letters or more ({@code login}, {@code verify}, {@code redelivery}):
     * for link paths, where two-letter words such as {@code /us/} or {@code /in/} are ordinary.
     */
    public static boolean hasLongScamWord(String text) {
        String folded = fold(text.toLowerCase(Locale.ROOT));
        return LONG_SCAM_WORDS_FOLDED.stream().anyMatch(folded::contains);
    }

    /**
     * The optimal-string-alignment (restricted Damerau-Levenshtein) distance: how many letters must be changed,
     * added, dropped, or swapped with a neighbour to turn one string into the other.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
