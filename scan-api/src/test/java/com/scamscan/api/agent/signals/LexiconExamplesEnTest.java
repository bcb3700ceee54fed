package com.scamscan.api.agent.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.text.TesseractOcr;
import com.scamscan.testing.images.Images;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every English example, rendered as a phone screenshot and read by the real OCR, lands where it belongs. */
class LexiconExamplesEnTest {

    private static final TextSignals SIGNALS = new TextSignals();
    private static final TesseractOcr OCR = new TesseractOcr(com.scamscan.api.agent.text.OcrSettings.defaults());

    record Example(boolean scam, String kind, String text) {
        @Override
        public String toString() {
            return (scam ? "scam " : "genuine ") + kind + ": " + text.substring(0, Math.min(40, text.length()));
        }
    }

    static Stream<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                LexiconExamplesEnTest.class.getResourceAsStream("/signals/examples-en.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                String[] head = line.substring(0, bar).split(" ");
                examples.add(new Example(head[0].equals("scam"), head[1], line.substring(bar + 3)));
            }
        }
        return examples.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void readThroughTheRealOcr(Example example) {
        String read = OCR.read(Images.decode(Images.screenshot("png", wrap(example.text(), 40))));
        TextScan scan = SIGNALS.scan(read);
        TextEvidence.Weighed weighed = TextEvidence.weigh(scan, SIGNALS.lexicons(), false, "reasoning");
        if (example.scam()) {
            assertTrue(scan.count(example.kind()) >= 2, example.kind() + " needs 2 cues, got " + scan.hits(example.kind())
                    + " in: " + read);
        } else {
            assertEquals(List.of(), weighed.findings().stream().filter(Finding::isSignal).toList(), "read: " + read);
        }
        assertEquals("en", scan.language(), read);
    }

    /** Lines of at most {@code width} characters, broken at spaces, as a chat bubble wraps them. */
    static String[] wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines.toArray(String[]::new);
    }
}
