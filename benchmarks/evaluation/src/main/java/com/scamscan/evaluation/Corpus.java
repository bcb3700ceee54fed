package com.scamscan.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A corpus file: JSON Lines, one {@link Sample} per line, field names as the record's (enum values in lower case).
 * Unknown fields, duplicate ids and invalid values are refused with the line number, so a typo cannot silently drop
 * or change a sample.
 */
public final class Corpus {

    /** The held-out corpus: the one the targets are measured on, never shown to rule writers. */
    public static final String HOLDOUT = "holdout";
    /** The development corpus rule writers may study. */
    public static final String DEV = "dev";

    private static final Set<String> FIELDS = Set.of("id", "expected", "archetype", "language", "region", "layout",
            "theme", "size", "damage", "sender", "subject", "qr", "text");
    private static final JsonFactory JSON = new JsonFactory();

    private Corpus() {
    }

    /** The corpus {@code name} ({@link #HOLDOUT} or {@link #DEV}) in {@code directory} ({@code NAME.jsonl}). */
    public static List<Sample> load(Path directory, String name) {
        if (!name.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("corpus name must be a plain word: " + name);
        }
        return parse(directory.resolve(name + ".jsonl"));
    }

    /** The directory the corpora are in: the system property {@code evaluation.corpusDir}, else {@code corpus}. */
    public static Path directory() {
        return Path.of(System.getProperty("evaluation.corpusDir", "corpus"));
    }

    static List<Sample> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + file, e);
        }
        List<Sample> samples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            Sample sample;
            try {
                sample = sample(fields(line));
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalArgumentException(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!ids.add(sample.id())) {
                throw new IllegalArgumentException(file.getFileName() + " line " + (i + 1) + ": duplicate id " + sample.id());
            }
            samples.add(sample);
        }
        return List.copyOf(samples);
    }

    private static Map<String, String> fields(String line) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("unknown field " + name);
                }
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("field " + name + " must be a string");
                }
                if (fields.put(name, parser.getText()) != null) {
                    throw new IllegalArgumentException("field " + name + " given twice");
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value on the line");
            }
        }
        return fields;
    }

    private static Sample sample(Map<String, String> f) {
        return new Sample(f.get("id"), value(Sample.Expected.class, f, "expected"), f.get("archetype"),
                f.get("language"), f.get("region"), value(Sample.Layout.class, f, "layout"),
                value(Sample.Theme.class, f, "theme"), value(Sample.TextSize.class, f, "size"),
                value(Sample.Damage.class, f, "damage"), f.get("sender"), Optional.ofNullable(f.get("subject")),
                Optional.ofNullable(f.get("qr")), f.get("text"));
    }

    private static <E extends Enum<E>> E value(Class<E> type, Map<String, String> fields, String name) {
        String text = fields.get(name);
        if (text == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field " + name + " has no value " + text);
        }
    }
}
