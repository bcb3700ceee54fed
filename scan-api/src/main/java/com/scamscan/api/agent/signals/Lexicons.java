package com.scamscan.api.agent.signals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The scam cues, as data: {@code signals/sections.tsv} names the sections (scam scripts, pressure tactics,
 * guards, markers) and {@code signals/lexicon-LANG.txt} holds one language's cues under {@code [section]}
 * headings, one regular expression per line, matched against {@link Normaliser normalised} text. A file that
 * names an unknown section or holds a bad expression stops startup with its name and line.
 */
public final class Lexicons {

    /** The languages with a lexicon, in the order their files are read. */
    public static final List<String> LANGUAGES = List.of("en", "es", "de", "fr", "pt", "it", "nl", "hi-Latn");

    /** One cue: where it is written and what it matches. */
    public record Cue(String section, String language, int line, Pattern pattern) {
    }

    private final Map<String, Section> sections;
    private final Map<String, List<Cue>> cuesByLanguage;

    private Lexicons(Map<String, Section> sections, Map<String, List<Cue>> cuesByLanguage) {
        this.sections = sections;
        this.cuesByLanguage = cuesByLanguage;
    }

    /** Loads the shipped files from the classpath. */
    public static Lexicons load() {
        Map<String, Section> sections = readSections(open("signals/sections.tsv"));
        Map<String, List<Cue>> cues = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            String file = "signals/lexicon-" + language + ".txt";
            cues.put(language, readCues(file, language, open(file), sections));
        }
        return new Lexicons(sections, cues);
    }

    public Map<String, Section> sections() {
        return sections;
    }

    public Section section(String id) {
        Section section = sections.get(id);
        if (section == null) {
            throw new IllegalArgumentException("no lexicon section " + id);
        }
        return section;
    }

    /** The cues of one language's lexicon. */
    public List<Cue> cues(String language) {
        return cuesByLanguage.getOrDefault(language, List.of());
    }

    static Map<String, Section> readSections(InputStream in) {
        Map<String, Section> sections = new LinkedHashMap<>();
        List<String> lines = lines(in);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length < 3) {
                throw new IllegalStateException("signals/sections.tsv line " + (i + 1) + ": needs id, kind, title[, advice...]");
            }
            Section.Kind kind = Section.Kind.valueOf(columns[1].strip().toUpperCase(java.util.Locale.ROOT));
            List<String> advice = Arrays.stream(columns).skip(3).map(String::strip).filter(s -> !s.isEmpty()).toList();
            sections.put(columns[0].strip(), new Section(columns[0].strip(), kind, columns[2].strip(), advice));
        }
        return Map.copyOf(sections);
    }

    static List<Cue> readCues(String file, String language, InputStream in, Map<String, Section> sections) {
        List<Cue> cues = new ArrayList<>();
        String section = null;
        List<String> lines = lines(in);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                if (!sections.containsKey(section)) {
                    throw new IllegalStateException(file + " line " + (i + 1) + ": unknown section [" + section + "]");
                }
                continue;
            }
            if (section == null) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": a cue before the first [section]");
            }
            try {
                cues.add(new Cue(section, language, i + 1, Pattern.compile(line, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": not a regular expression: " + e.getDescription(), e);
            }
        }
        return List.copyOf(cues);
    }

    private static InputStream open(String resource) {
        InputStream in = Lexicons.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        return in;
    }

    private static List<String> lines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
