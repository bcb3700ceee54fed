package com.scamscan.api.agent.text;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The country a person is in, for reading phone numbers written without a country code, and how sure we are of it.
 *
 * @param code the ISO 3166 alpha-2 region numbers without a country code are read in
 * @param source where it comes from; only {@link Source#GIVEN} and {@link Source#INFERRED} are sure enough to call a
 *               number from elsewhere a warning sign
 * @param alternatives further regions a number may be read in when it is not valid in {@code code} (weaker hints)
 */
public record PhoneRegion(String code, Source source, List<String> alternatives) {

    /** Where the region comes from. */
    public enum Source {
        /** The request named it. */
        GIVEN,
        /** Clear hints in the message: its currency (£, ₹), a country it names, the euro with its language. */
        INFERRED,
        /** Weak hints: a number with a country code elsewhere in the message, or only its language. */
        GUESSED,
        /** Nothing to go on: the configured default region. */
        DEFAULT
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private static final Pattern POUND = Pattern.compile("£|\\bGBP\\b|\\bpence\\b");
    private static final Pattern RUPEE = Pattern.compile("₹|\\bRs\\.?\\s?\\d|\\bINR\\b|\\b[Rr]upees?\\b");
    private static final Pattern REAL = Pattern.compile("R\\$");
    private static final Pattern EURO = Pattern.compile("€|\\bEUR\\b|\\d\\s?[Ee]uros?\\b");
    private static final Pattern INTERNATIONAL = Pattern.compile("(?<![\\w+])\\+\\s?(\\d{1,3})[\\s().-]*\\d[\\d\\s().-]{5,}\\d");

    /** Country names a message uses for where its reader is (not after "from", which names where something comes from). */
    private static final Map<Pattern, String> COUNTRIES = new LinkedHashMap<>();

    static {
        country("GB", "UK", "U\\.K\\.", "United Kingdom", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland");
        country("IN", "India", "Bharat");
        country("DE", "Germany", "Deutschland");
        country("NL", "Netherlands", "Nederland", "Holland");
        country("IT", "Italy", "Italia");
        country("PT", "Portugal");
        country("BR", "Brazil", "Brasil");
        country("FR", "France");
        country("ES", "Spain", "España", "Espana");
        country("IE", "Ireland", "Éire");
        country("AU", "Australia");
        country("CA", "Canada");
        country("US", "USA", "U\\.S\\.A?\\.", "United States");
    }

    private static void country(String region, String... names) {
        for (String name : names) {
            COUNTRIES.put(Pattern.compile("(?<!\\bfrom )(?<![\\p{L}.@/-])" + name + "(?![\\p{L}])"), region);
        }
    }

    private static final Map<String, String> LANGUAGE_REGION = Map.of(
            "de", "DE", "nl", "NL", "it", "IT", "pt", "PT", "fr", "FR", "es", "ES", "hi-latn", "IN", "hi", "IN");

    public PhoneRegion {
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(source, "source");
        alternatives = List.copyOf(alternatives);
    }

    /** A region the request named. */
    public static PhoneRegion given(String code) {
        return new PhoneRegion(code, Source.GIVEN, List.of());
    }

    /** Whether the region is sure enough that a number from another country is a warning sign. */
    public boolean confident() {
        return source == Source.GIVEN || source == Source.INFERRED;
    }

    /** The regions to try, best first. */
    public List<String> candidates() {
        List<String> all = new ArrayList<>();
        all.add(code);
        alternatives.stream().filter(r -> !all.contains(r)).forEach(all::add);
        return all;
    }

    /**
     * The region to read {@code text}'s numbers in: {@code requested} when the request named one, else what the message
     * shows (currency, a country name, a number with a country code, its language), else {@code defaultRegion}.
     *
     * @param language the message's language when already known (ISO 639-1), or {@code und}
     */
    public static PhoneRegion resolve(String requested, String text, String language, String defaultRegion) {
        if (requested != null && !requested.isBlank()) {
            return given(requested.trim().toUpperCase(Locale.ROOT));
        }
        Set<String> strong = new LinkedHashSet<>();
        if (POUND.matcher(text).find()) {
            strong.add("GB");
        }
        if (RUPEE.matcher(text).find()) {
            strong.add("IN");
        }
        if (REAL.matcher(text).find()) {
            strong.add("BR");
        }
        for (Map.Entry<Pattern, String> country : COUNTRIES.entrySet()) {
            if (country.getKey().matcher(text).find()) {
                strong.add(country.getValue());
            }
        }
        String spoken = language == null || language.equals("und") ? com.scamscan.api.agent.signals.FunctionWords.language(text)
                : language.toLowerCase(Locale.ROOT);
        String byLanguage = languageRegion(spoken, text);
        if (strong.isEmpty() && byLanguage != null && EURO.matcher(text).find()) {
            strong.add(byLanguage); // the euro and a language of the euro area
        }
        Set<String> weak = new LinkedHashSet<>();
        Set<String> dialled = dialledRegions(text);
        if (dialled.size() == 1) {
            weak.addAll(dialled);
        }
        if (byLanguage != null) {
            weak.add(byLanguage);
            if (spoken.equals("pt")) {
                weak.add(byLanguage.equals("BR") ? "PT" : "BR");
            }
        }
        if (strong.size() == 1) {
            String code = strong.iterator().next();
            List<String> rest = new ArrayList<>(weak);
            rest.remove(code);
            return new PhoneRegion(code, Source.INFERRED, rest);
        }
        if (!weak.isEmpty()) {
            List<String> ordered = new ArrayList<>(weak);
            ordered.addAll(strong); // conflicting clear hints: still worth a try
            ordered.add(defaultRegion);
            return new PhoneRegion(ordered.get(0), Source.GUESSED, ordered.subList(1, ordered.size()));
        }
        return new PhoneRegion(defaultRegion, Source.DEFAULT, List.copyOf(strong));
    }

    /** The regions of the numbers written with a country code in {@code text}. */
    private static Set<String> dialledRegions(String text) {
        Set<String> regions = new LinkedHashSet<>();
        Matcher m = INTERNATIONAL.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[^\\d+]", "");
            try {
                var number = PHONES.parse(digits, "ZZ");
                if (PHONES.isValidNumber(number)) {
                    regions.add(PHONES.getRegionCodeForCountryCode(number.getCountryCode()));
                }
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                // not a number after all
            }
        }
        return regions;
    }

    private static String languageRegion(String language, String text) {
        if (language == null) {
            return null;
        }
        if (language.equals("pt")) {
            return REAL.matcher(text).find() || fold(text).matches("(?s).*\\bvoce\\b.*") ? "BR" : "PT";
        }
        return LANGUAGE_REGION.get(language);
    }

    /** Lower case without accents: {@code Sendungsnummer für Sie} to {@code sendungsnummer fur sie}. */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }
}
