package com.scamscan.api.agent.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.text.TesseractOcr;
import com.scamscan.testing.images.Images;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The French, Portuguese, Italian and Dutch lexicons against realistic messages, read back through the real OCR:
 * each example of {@code signals/examples-LANG.txt} is drawn as a phone screenshot, read with Tesseract, scanned
 * and weighed. A scam example must hit its script with two or more cues of its own language's lexicon; a genuine
 * one must carry no signal at all; and the language detector must name the example's language.
 */
class LexiconExamplesFrPtItNlTest {

    private static final List<String> LANGUAGES = List.of("fr", "pt", "it", "nl");
    private static final int WRAP = 40;

    private static final TesseractOcr OCR = new TesseractOcr(com.scamscan.api.agent.text.OcrSettings.defaults());
    private static final TextSignals SIGNALS = new TextSignals();

    /** One line of an examples file: {@code scam SECTION | text} or {@code genuine | text}. */
    record Example(String language, int line, String section, String text) {

        boolean scam() {
            return section != null;
        }

        @Override
        public String toString() {
            return language + ":" + line + " " + (scam() ? "scam " + section : "genuine");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScamExampleHitsItsScriptThroughOcr() {
        return LANGUAGES.stream().flatMap(language -> examples(language).stream()).filter(Example::scam)
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
                    String read = ocr(example.text());
                    TextScan scan = SIGNALS.scan(read);
                    List<CueHit> own = scan.hits(example.section()).stream()
                            .filter(hit -> hit.language().equals(example.language())).toList();
                    assertTrue(own.size() >= 2, example + ": expected 2+ [" + example.section() + "] cues of "
                            + example.language() + ", found " + own + " in the OCR text:\n" + read);
                    TextEvidence.Weighed weighed = TextEvidence.weigh(scan, SIGNALS.lexicons(), false, "test");
                    assertTrue(weighed.scripts().contains(example.section()), example + ": scripts " + weighed.scripts());
                    assertEquals(example.language(), scan.language(), example + ": language of the OCR text:\n" + read);
                }));
    }

    @TestFactory
    Stream<DynamicTest> noGenuineExampleCarriesASignalThroughOcr() {
        return LANGUAGES.stream().flatMap(language -> examples(language).stream()).filter(e -> !e.scam())
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
                    String read = ocr(example.text());
                    TextScan scan = SIGNALS.scan(read);
                    List<Finding> signals = TextEvidence.weigh(scan, SIGNALS.lexicons(), false, "test").findings()
                            .stream().filter(f -> f.weight() > 0).toList();
                    assertTrue(signals.isEmpty(), example + ": signals " + signals + " in the OCR text:\n" + read);
                    assertEquals(example.language(), scan.language(), example + ": language of the OCR text:\n" + read);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyLexiconHasEverySectionAndEveryScriptAnExample() {
        return LANGUAGES.stream().map(language -> DynamicTest.dynamicTest(language, () -> {
            Set<String> withCues = SIGNALS.lexicons().cues(language).stream().map(Lexicons.Cue::section)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Set<String> scamSections = examples(language).stream().filter(Example::scam).map(Example::section)
                    .collect(Collectors.toSet());
            List<Example> genuine = examples(language).stream().filter(e -> !e.scam()).toList();
            for (Section section : SIGNALS.lexicons().sections().values()) {
                if (section.kind() == Section.Kind.MARKER) {
                    assertFalse(withCues.contains(section.id()), language + " has no Hinglish markers");
                    continue;
                }
                assertTrue(withCues.contains(section.id()), language + " has no cue in [" + section.id() + "]");
                if (section.kind() == Section.Kind.SCRIPT) {
                    assertTrue(scamSections.contains(section.id()), language + " has no scam example of [" + section.id() + "]");
                }
            }
            assertTrue(genuine.size() >= 6, language + " has " + genuine.size() + " genuine examples, wants 6+");
        }));
    }

    private static String ocr(String text) {
        byte[] png = Images.screenshot("png", wrap(text).toArray(String[]::new));
        return OCR.read(Images.decode(png));
    }

    /** The message as chat-bubble lines of at most {@value #WRAP} characters, breaking at spaces. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\\\\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.strip().split(" +")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > WRAP) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static List<Example> examples(String language) {
        String resource = "signals/examples-" + language + ".txt";
        List<Example> examples = new ArrayList<>();
        try (InputStream in = LexiconExamplesFrPtItNlTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                if (bar < 0) {
                    throw new IllegalStateException(resource + " line " + (i + 1) + ": needs 'scam SECTION | text' or 'genuine | text'");
                }
                String[] kind = line.substring(0, bar).strip().split(" +");
                String text = line.substring(bar + 1).strip();
                if (kind[0].equals("scam") && kind.length == 2) {
                    examples.add(new Example(language, i + 1, kind[1], text));
                } else if (kind[0].equals("genuine") && kind.length == 1) {
                    examples.add(new Example(language, i + 1, null, text));
                } else {
                    throw new IllegalStateException(resource + " line " + (i + 1) + ": unknown kind " + String.join(" ", kind));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }
}
