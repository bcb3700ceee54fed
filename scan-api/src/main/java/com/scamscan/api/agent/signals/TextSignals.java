package com.scamscan.api.agent.signals;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the lexicons' cues in a message. The language is detected with Lingua (its models ship in its jar);
 * Lingua has no model for Hindi written in Latin script ("Hinglish"), so that is recognised by the Hinglish
 * lexicon's {@code [markers]}: common Hindi words that English and the other languages do not use.
 *
 * <p>The English lexicon always applies (scams in other languages borrow English: "KYC", "OTP", "gift card"),
 * and so does every language the detector rates at least {@value #MIN_CONFIDENCE} of its best guess (Lingua's
 * confidence values are relative: the likeliest language is 1.0): OCR noise and short messages make close
 * languages (Spanish and Portuguese, German and Dutch) hard to tell apart, and a cue is a phrase of its
 * language, so applying a lexicon that turns out not to be needed costs little, while leaving out the right one
 * misses the scam. Lingua runs in its low-accuracy mode (trigram models only): it loads in milliseconds instead
 * of seconds and is reliable for messages of a sentence or more, which is what a screenshot holds.
 */
@Singleton
public class TextSignals {

    static final double MIN_CONFIDENCE = 0.85;
    /** Languages rated this close to the best are a tie, settled by {@link FunctionWords}. */
    static final double TIE = 0.05;
    /**
     * Distinct Hinglish markers that make a message Hinglish: two, because Hinglish scam texts are often mostly
     * English ("Part time job ... rating dena hai"); the markers are words no other supported language uses.
     */
    static final int HINGLISH_MARKERS = 2;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)|\\n");

    private static final Map<Language, String> DETECTED = Map.of(
            Language.ENGLISH, "en", Language.SPANISH, "es", Language.GERMAN, "de", Language.FRENCH, "fr",
            Language.PORTUGUESE, "pt", Language.ITALIAN, "it", Language.DUTCH, "nl", Language.HINDI, "hi");

    private final Lexicons lexicons;
    private volatile LanguageDetector detector;

    public TextSignals() {
        this(Lexicons.load());
    }

    TextSignals(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    public Lexicons lexicons() {
        return lexicons;
    }

    /** Finds every lexicon cue in the text, with guarded sentences left out. */
    public TextScan scan(String text) {
        String normalised = Normaliser.normalise(text);
        List<String> languages = languages(text, normalised);
        Set<String> apply = new LinkedHashSet<>();
        apply.add("en");
        apply.addAll(languages);
        apply.retainAll(Lexicons.LANGUAGES);
        List<int[]> guarded = guardedSpans(normalised, apply);
        Map<String, List<CueHit>> hits = new LinkedHashMap<>();
        for (String language : apply) {
            for (Lexicons.Cue cue : lexicons.cues(language)) {
                Section.Kind kind = lexicons.section(cue.section()).kind();
                if (kind == Section.Kind.GUARD || kind == Section.Kind.MARKER) {
                    continue;
                }
                Matcher matcher = cue.pattern().matcher(normalised);
                List<CueHit> section = hits.computeIfAbsent(cue.section(), s -> new ArrayList<>());
                while (matcher.find()) {
                    CueHit hit = new CueHit(cue.section(), language, cue.line(), matcher.group().strip(), matcher.start(), matcher.end());
                    // one phrase is one cue, however many lines (of one lexicon or of two) match it
                    if (!inside(guarded, matcher.start()) && section.stream().noneMatch(hit::overlaps)) {
                        section.add(hit);
                        break;
                    }
                }
            }
        }
        hits.values().removeIf(List::isEmpty);
        String language = languages.isEmpty() ? "und" : languages.get(0);
        return new TextScan(language, List.copyOf(apply), hits);
    }

    /** Detected languages with a lexicon, most likely first; Hinglish first when its markers say so. */
    private List<String> languages(String text, String normalised) {
        List<String> found = new ArrayList<>();
        if (hinglishMarkers(normalised) >= HINGLISH_MARKERS) {
            found.add("hi-Latn");
        }
        if (text.isBlank()) {
            return found;
        }
        SortedMap<Language, Double> confidence = detector().computeLanguageConfidenceValues(text);
        List<Map.Entry<Language, Double>> ranked = confidence.entrySet().stream()
                .sorted(Map.Entry.<Language, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= MIN_CONFIDENCE && DETECTED.containsKey(e.getKey())).toList();
        List<String> detected = new ArrayList<>(ranked.stream().map(e -> DETECTED.get(e.getKey())).toList());
        List<String> close = ranked.stream().filter(e -> e.getValue() >= ranked.get(0).getValue() - TIE)
                .map(e -> DETECTED.get(e.getKey())).toList();
        if (close.size() > 1) {
            String preferred = FunctionWords.prefer(text, close);
            if (preferred != null) {
                detected.remove(preferred);
                detected.add(0, preferred);
            }
        }
        detected.stream().filter(code -> !found.contains(code)).forEach(found::add);
        if (found.remove("hi")) {
            found.add(found.isEmpty() ? 0 : found.size(), "hi");
        }
        return found;
    }

    private int hinglishMarkers(String normalised) {
        int count = 0;
        for (Lexicons.Cue cue : lexicons.cues("hi-Latn")) {
            if (lexicons.section(cue.section()).kind() == Section.Kind.MARKER && cue.pattern().matcher(normalised).find()) {
                count++;
            }
        }
        return count;
    }

    /** The sentences (start, end) that hold a genuine warning ("we will never ask for your PIN"). */
    private List<int[]> guardedSpans(String normalised, Set<String> languages) {
        List<int[]> spans = new ArrayList<>();
        for (String language : languages) {
            for (Lexicons.Cue cue : lexicons.cues(language)) {
                if (lexicons.section(cue.section()).kind() != Section.Kind.GUARD) {
                    continue;
                }
                Matcher matcher = cue.pattern().matcher(normalised);
                while (matcher.find()) {
                    spans.add(new int[]{sentenceStart(normalised, matcher.start()), sentenceEnd(normalised, matcher.end())});
                }
            }
        }
        return spans;
    }

    private static int sentenceStart(String text, int at) {
        int start = 0;
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find() && end.end() <= at) {
            start = end.end();
        }
        return start;
    }

    private static int sentenceEnd(String text, int at) {
        Matcher end = SENTENCE_END.matcher(text);
        return end.find(at) ? end.end() : text.length();
    }

    private static boolean inside(List<int[]> spans, int at) {
        for (int[] span : spans) {
            if (at >= span[0] && at < span[1]) {
                return true;
            }
        }
        return false;
    }

    private LanguageDetector detector() {
        LanguageDetector built = detector;
        if (built == null) {
            synchronized (this) {
                built = detector;
                if (built == null) {
                    built = LanguageDetectorBuilder.fromLanguages(DETECTED.keySet().toArray(Language[]::new))
                            .withLowAccuracyMode().build();
                    detector = built;
                }
            }
        }
        return built;
    }

    /** Builds the language detector now rather than on the first scan (it loads its models). */
    public void warmUp() {
        detector().computeLanguageConfidenceValues("warm up every language model of the detector");
    }
}
