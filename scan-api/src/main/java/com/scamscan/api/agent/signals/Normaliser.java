package com.scamscan.api.agent.signals;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form of a message the lexicons are matched against: lower case, accents removed ({@code é} is {@code e},
 * {@code ß} is {@code ss}), typographic quotes and dashes made plain, every run of whitespace one space (so a
 * phrase that wraps across lines in a chat bubble still matches), and a lone {@code |} read for a capital I is an {@code i}.
 */
public final class Normaliser {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** OCR reads a lone capital I as a bar: "| need", "| promise". */
    private static final Pattern LONE_BAR = Pattern.compile("(?<=^|\\s)\\|(?=\\s)");

    private Normaliser() {
    }

    public static String normalise(String text) {
        String lower = text.toLowerCase(Locale.ROOT)
                .replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("ł", "l")
                .replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"')
                .replace('\u2013', '-').replace('\u2014', '-').replace('\u00A0', ' ');
        String stripped = MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFKD)).replaceAll("");
        return SPACES.matcher(LONE_BAR.matcher(stripped).replaceAll("i")).replaceAll(" ").strip();
    }
}
