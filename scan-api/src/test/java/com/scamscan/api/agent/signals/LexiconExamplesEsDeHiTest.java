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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Spanish, German and Hinglish lexicons against realistic messages (signals/examples-LANG.txt), read the way a
 * person's upload is read: each message is drawn as a phone screenshot, read back with the real Tesseract OCR, and
 * the OCR'd text is scanned. A scam message must hit its own script with two or more cues; a genuine message that
 * talks about payments, codes, deliveries or appointments must carry no scam signal at all; both must be recognised
 * as their language.
 */
class LexiconExamplesEsDeHiTest {

    private static final TesseractOcr OCR = new TesseractOcr(com.scamscan.api.agent.text.OcrSettings.defaults());
    private static final TextSignals SIGNALS = new TextSignals();
    private static final int WIDTH = 40;
    /** A scam example that tells no script's story and is caught by its pressure tactics alone. */
    private static final String TACTICS = "tactics";

    /** One example message from an examples file. */
    record Example(String language, int line, String kind, String script, String text) {

        boolean scam() {
            return kind.equals("scam");
        }

        String name() {
            return language + ":" + line + " " + (scam() ? "scam " + script : "genuine");
        }
    }

    @TestFactory
    Stream<DynamicTest> spanish() {
        return tests("es");
    }

    @TestFactory
    Stream<DynamicTest> german() {
        return tests("de");
    }

    @TestFactory
    Stream<DynamicTest> hinglish() {
        return tests("hi-Latn");
    }

    @TestFactory
    Stream<DynamicTest> everyScriptOfEachLanguageHasAScamExampleAndThereAreSixGenuineOnes() {
        Set<String> scripts = SIGNALS.lexicons().sections().values().stream()
                .filter(s -> s.kind() == Section.Kind.SCRIPT).map(Section::id).collect(Collectors.toCollection(TreeSet::new));
        return Stream.of("es", "de", "hi-Latn").map(language -> DynamicTest.dynamicTest(language, () -> {
            List<Example> examples = examples(language);
            Set<String> covered = examples.stream().filter(Example::scam).map(Example::script).collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(scripts);
            missing.removeAll(covered);
            assertTrue(missing.isEmpty(), language + " has no scam example for " + missing);
            assertTrue(examples.stream().filter(e -> !e.scam()).count() >= 6, language + " needs six genuine examples");
            for (Example example : examples) {
                assertTrue(!example.scam() || scripts.contains(example.script()) || example.script().equals(TACTICS),
                        example.name() + ": no such script");
            }
        }));
    }

    private static Stream<DynamicTest> tests(String language) {
        return examples(language).stream().map(example -> DynamicTest.dynamicTest(example.name(), () -> check(example)));
    }

    private static void check(Example example) {
        String[] lines = wrap(example.text());
        String read = OCR.read(Images.decode(Images.screenshot("png", lines)));
        TextScan scan = SIGNALS.scan(read);
        TextEvidence.Weighed weighed = TextEvidence.weigh(scan, SIGNALS.lexicons(), false, "text");
        String seen = "\nOCR read: " + read.replace('\n', ' ') + "\nhits: " + scan.hits();
        assertEquals(example.language(), scan.language(), example.name() + ": language" + seen);
        if (example.scam() && example.script().equals(TACTICS)) {
            assertTrue(weighed.tactics().size() >= 2 && weighed.findings().stream().anyMatch(f -> f.weight() > 0),
                    example.name() + ": its pressure tactics are signals" + seen);
        } else if (example.scam()) {
            List<CueHit> hits = scan.hits(example.script());
            assertTrue(hits.size() >= 2, example.name() + ": needs two cues of its script" + seen);
            assertTrue(weighed.scripts().contains(example.script()), example.name() + ": the script is a signal" + seen);
            for (CueHit a : hits) {
                for (CueHit b : hits) {
                    boolean ours = !a.language().equals("en") || !b.language().equals("en");
                    assertFalse(ours && a != b && a.seen().contains(b.seen()),
                            example.name() + ": two cues of one script on the same words (" + a + ", " + b + ")" + seen);
                }
            }
        } else {
            List<Finding> signals = weighed.findings().stream().filter(f -> f.weight() > 0).toList();
            assertTrue(signals.isEmpty(), example.name() + ": a genuine message has no signal, but " + signals + seen);
        }
    }

    /** The message as a chat bubble's lines: explicit breaks kept, words wrapped at {@value #WIDTH} characters. */
    static String[] wrap(String text) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\\\\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.strip().split(" +")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            lines.add(line.toString());
        }
        return lines.toArray(String[]::new);
    }

    /**
     * Reads signals/examples-LANG.txt: {@code scam SCRIPT | text} ({@code scam tactics | text} for a scam told by
     * pressure tactics alone) and {@code genuine | text}, {@code #} comments.
     */
    static List<Example> examples(String language) {
        String resource = "signals/examples-" + language + ".txt";
        InputStream in = LexiconExamplesEsDeHiTest.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the test classpath");
        }
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                if (bar < 0) {
                    throw new IllegalStateException(resource + " line " + number + ": expected 'scam SCRIPT | text' or 'genuine | text'");
                }
                String[] head = line.substring(0, bar).strip().split(" +");
                String text = line.substring(bar + 1).strip();
                if (head[0].equals("scam") && head.length == 2) {
                    examples.add(new Example(language, number, "scam", head[1], text));
                } else if (head[0].equals("genuine") && head.length == 1) {
                    examples.add(new Example(language, number, "genuine", "", text));
                } else {
                    throw new IllegalStateException(resource + " line " + number + ": expected 'scam SCRIPT | text' or 'genuine | text'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }
}
