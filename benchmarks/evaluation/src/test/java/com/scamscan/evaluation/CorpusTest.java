package com.scamscan.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpora load, cover what they claim, and every sample renders as a phone screenshot. */
class CorpusTest {

    private static final List<Sample> HOLDOUT = Corpus.load(Corpus.directory(), Corpus.HOLDOUT);
    private static final List<Sample> DEV = Corpus.load(Corpus.directory(), Corpus.DEV);
    /** A corpus written after the rules were tuned on the other two, so no rule has been judged against it. */
    private static final String FRESH_NAME = "fresh";
    private static final List<Sample> FRESH = Corpus.load(Corpus.directory(), FRESH_NAME);
    private static final Set<Integer> PHONE_WIDTHS = Set.of(720, 750, 828, 1080, 1170);

    @Test
    void holdoutCoversEveryArchetypeLanguageAndLook() {
        List<Sample> scams = HOLDOUT.stream().filter(Sample::isScam).toList();
        List<Sample> genuine = HOLDOUT.stream().filter(s -> !s.isScam()).toList();
        assertTrue(scams.size() >= 65, "scams: " + scams.size());
        assertTrue(genuine.size() >= 35, "genuine: " + genuine.size());
        Map<String, Long> archetypes = count(scams, Sample::archetype);
        for (String archetype : Sample.SCAM_ARCHETYPES) {
            assertTrue(archetypes.getOrDefault(archetype, 0L) >= 4, archetype + ": " + archetypes);
        }
        Map<String, Long> languages = count(scams, Sample::language);
        for (String language : Sample.LANGUAGES) {
            assertTrue(languages.getOrDefault(language, 0L) >= 4, language + ": " + languages);
        }
        assertTrue(count(genuine, Sample::language).size() >= 6, "genuine messages in several languages");
        for (List<Sample> side : List.of(scams, genuine)) {
            assertEquals(EnumSet.allOf(Sample.Layout.class), EnumSet.copyOf(side.stream().map(Sample::layout).toList()));
            assertEquals(EnumSet.allOf(Sample.Theme.class), EnumSet.copyOf(side.stream().map(Sample::theme).toList()));
            assertEquals(EnumSet.allOf(Sample.TextSize.class), EnumSet.copyOf(side.stream().map(Sample::size).toList()));
            assertEquals(EnumSet.allOf(Sample.Damage.class), EnumSet.copyOf(side.stream().map(Sample::damage).toList()));
            assertTrue(side.stream().anyMatch(s -> s.qr().isPresent()), "a QR code on both sides");
        }
        // scams that carry neither a link nor a phone number: only their words give them away
        long bare = scams.stream().filter(s -> !s.text().matches("(?s).*(https?://|www\\.|\\.[a-z]{2,}/|\\d{3}[ -]?\\d{3,}).*")
                && s.qr().isEmpty()).count();
        assertTrue(bare >= 10, "scams without link or number: " + bare);
    }

    @Test
    void devSetIsSeparateFromTheHoldout() {
        assertTrue(DEV.size() >= 35 && DEV.size() <= 150, "dev: " + DEV.size());
        assertTrue(DEV.stream().anyMatch(Sample::isScam) && DEV.stream().anyMatch(s -> !s.isScam()));
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Sample sample : HOLDOUT) {
            ids.add(sample.id());
            texts.add(sample.text());
        }
        for (Sample sample : DEV) {
            assertTrue(ids.add(sample.id()), "id in both corpora: " + sample.id());
            assertTrue(texts.add(sample.text()), "text in both corpora: " + sample.id());
        }
    }

    @Test
    void freshSetCoversEveryArchetypeAndLanguageAndIsNewText() {
        List<Sample> scams = FRESH.stream().filter(Sample::isScam).toList();
        List<Sample> genuine = FRESH.stream().filter(s -> !s.isScam()).toList();
        assertTrue(scams.size() >= 26 && genuine.size() >= 14, "fresh: " + scams.size() + " scams, " + genuine.size());
        Map<String, Long> archetypes = count(scams, Sample::archetype);
        for (String archetype : Sample.SCAM_ARCHETYPES) {
            assertTrue(archetypes.getOrDefault(archetype, 0L) >= 1, archetype + ": " + archetypes);
        }
        Map<String, Long> languages = count(scams, Sample::language);
        for (String language : Sample.LANGUAGES) {
            assertTrue(languages.getOrDefault(language, 0L) >= 2, language + ": " + languages);
        }
        assertTrue(count(genuine, Sample::language).size() >= 6, "genuine messages in several languages");
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Sample sample : java.util.stream.Stream.concat(HOLDOUT.stream(), DEV.stream()).toList()) {
            ids.add(sample.id());
            texts.add(sample.text());
        }
        for (Sample sample : FRESH) {
            assertTrue(sample.id().startsWith("fresh-"), sample.id());
            assertTrue(ids.add(sample.id()), "id in another corpus: " + sample.id());
            assertTrue(texts.add(sample.text()), "text in another corpus: " + sample.id());
        }
    }

    @Test
    void everyCharacterHasAGlyphInTheFont() {
        for (Sample sample : all()) {
            String shown = sample.sender() + sample.subject().orElse("") + sample.text().replace("\n", "");
            assertEquals(-1, Fonts.REGULAR.canDisplayUpTo(shown), sample.id());
        }
    }

    @Test
    void everySampleRendersAsAPhoneScreenshot() throws IOException {
        Path folder = Path.of(System.getProperty("evaluation.screenshotDir", "target/screenshots"));
        for (String name : List.of(Corpus.HOLDOUT, Corpus.DEV, FRESH_NAME)) {
            List<Sample> samples = Corpus.load(Corpus.directory(), name);
            assertEquals(samples.size(), RenderAll.write(samples, folder.resolve(name)));
            for (Sample sample : samples) {
                boolean jpeg = sample.damage() == Sample.Damage.JPEG || sample.damage() == Sample.Damage.NOISE;
                Path file = folder.resolve(name).resolve(sample.id() + (jpeg ? ".jpg" : ".png"));
                byte[] bytes = Files.readAllBytes(file);
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
                assertTrue(PHONE_WIDTHS.contains(decoded.getWidth()), sample.id() + ": " + decoded.getWidth());
                assertTrue(decoded.getHeight() >= decoded.getWidth() * 1.7, sample.id() + ": " + decoded.getHeight());
                assertTrue(bytes.length < 10 * 1024 * 1024, sample.id() + " is over scan-api's upload limit");
            }
        }
    }

    @Test
    void renderingIsDeterministic() {
        for (Sample.Damage damage : Sample.Damage.values()) {
            Sample sample = HOLDOUT.stream().filter(s -> s.damage() == damage).findFirst().orElseThrow();
            assertArrayEquals(Renderer.render(sample).bytes(), Renderer.render(sample).bytes(), sample.id());
        }
    }

    @Test
    void qrCodesAreDrawnReadably() throws NotFoundException {
        List<Sample> withQr = all().stream().filter(s -> s.qr().isPresent()).toList();
        assertTrue(withQr.size() >= 4);
        for (Sample sample : withQr) {
            BufferedImage image = Renderer.draw(sample);
            String read = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image)))).getText();
            assertEquals(sample.qr().orElseThrow(), read, sample.id());
        }
    }

    @Test
    void aBadLineIsRefusedWithItsLineNumber(@TempDir Path dir) throws IOException {
        String good = Files.readAllLines(Corpus.directory().resolve("holdout.jsonl")).get(0);
        Files.writeString(dir.resolve("typo.jsonl"), good + "\n" + good.replace("\"layout\"", "\"layuot\"") + "\n");
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> Corpus.load(dir, "typo"));
        assertEquals("typo.jsonl line 2: unknown field layuot", typo.getMessage());
        Files.writeString(dir.resolve("twice.jsonl"), good + "\n\n" + good + "\n");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Corpus.load(dir, "twice"));
        assertTrue(twice.getMessage().startsWith("twice.jsonl line 3: duplicate id "), twice.getMessage());
        Files.writeString(dir.resolve("archetype.jsonl"), good.replaceFirst("\"archetype\": ?\"[a-z_]+\"",
                "\"archetype\": \"lottery\"") + "\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Corpus.load(dir, "archetype"));
        assertTrue(unknown.getMessage().contains("unknown scam archetype lottery"), unknown.getMessage());
    }

    private static List<Sample> all() {
        return java.util.stream.Stream.of(HOLDOUT, DEV, FRESH).flatMap(List::stream).toList();
    }

    private static <K> Map<K, Long> count(List<Sample> samples, Function<Sample, K> key) {
        return samples.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
