package com.scamscan.api.agent.text;

import com.scamscan.testing.images.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.bytedeco.tesseract.TessBaseAPI;

/**
 * Not a test: measures OCR time and accuracy on rendered chat screenshots (iOS, Android, WhatsApp; light and dark;
 * ordinary and small text; clean and JPEG-damaged), for choosing the page segmentation mode and text height.
 * Run after {@code ./mvnw -pl shared/test-support,scan-api test-compile} and
 * {@code ./mvnw -pl scan-api dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp test-support/target/classes:scan-api/target/test-classes:scan-api/target/classes:$(cat /tmp/cp.txt)
 * com.scamscan.api.agent.text.OcrMeasurement legacy 4:30 3:30 6:30 11:30} (add {@code -Dmissed=true} for the words
 * read wrongly). Arguments: {@code legacy} (the reading before) or {@code PSM:HEIGHT} pairs.
 */
public final class OcrMeasurement {

    /** Each message: its lines, and the strings a reader must get exactly. */
    private static final List<List<String>> MESSAGES = List.of(
            List.of("Royal Mail: Your parcel RN123456789GB", "could not be delivered. Pay the £1.45", "fee at https://royalmail-",
                    "redelivery.info/pay before 10:30", "", "> Who is this?"),
            List.of("HMRC: You are owed a tax refund of", "£264.50. Claim it at gov-uk-", "taxrefund.com within 24 hours",
                    "or call 0161 496 0732"),
            List.of("Ihre Sendung wurde nicht zugestellt.", "Bitte bestätigen Sie die Adresse für", "die Gebühr von 1,99 € unter",
                    "https://dhl-paket.info/de", "", "> Was ist das?"),
            List.of("Votre colis est en attente. Réglez", "les frais de 2,99 € sur", "https://laposte-suivi.fr.co/pay",
                    "Appelez le 06 12 34 56 78"),
            List.of("Su paquete está retenido. Pague", "1,99 € aquí: https://correos-envio.es.co/p",
                    "Código de seguimiento: PQ4F6P0728472"),
            List.of("Dear customer, your SBI KYC is pending.", "Update now at http://sbi-kyc-update.in.net",
                    "or your account will be blocked today.", "Call +91 98765 43210"));

    private OcrMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        List<Sample> samples = samples();
        for (String mode : args) {
            if (mode.equals("legacy")) {
                run("legacy (before: 2x under 1000 px, PNG, PSM 6)", samples, new Legacy()::read);
            } else {
                String[] parts = mode.split(":");
                OcrSettings settings = new OcrSettings(Duration.ofSeconds(5), 8_000_000, Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
                TesseractOcr ocr = new TesseractOcr(settings);
                run("psm " + parts[0] + ", text height " + parts[1], samples, ocr::read);
                ocr.close();
            }
        }
    }

    record Sample(String name, BufferedImage image, List<String> expect) {
    }

    static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        int[][] screens = {{720, 30}, {1080, 44}, {1170, 51}, {720, 20}, {1170, 34}}; // width, font px (last two: small text)
        for (Images.Theme theme : Images.Theme.values()) {
            for (int[] screen : screens) {
                for (int m = 0; m < MESSAGES.size(); m++) {
                    if ((m + screen[0] / 10 + theme.ordinal()) % 2 != 0) {
                        continue; // half of the combinations, spread over the themes and sizes, to keep a run short
                    }
                    List<String> lines = MESSAGES.get(m);
                    BufferedImage image = Images.chat(theme, screen[0], screen[1], lines.toArray(String[]::new));
                    boolean jpeg = (m + theme.ordinal()) % 3 == 0;
                    if (jpeg) {
                        image = Images.jpegDamaged(image, 0.5f);
                    }
                    samples.add(new Sample(theme + " " + screen[0] + "px font " + screen[1] + (jpeg ? " jpeg" : "") + " msg" + m,
                            image, words(lines)));
                }
            }
        }
        return samples;
    }

    private static List<String> words(List<String> lines) {
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            for (String word : (line.startsWith("> ") ? line.substring(2) : line).split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    interface Reader {
        String read(BufferedImage image);
    }

    static void run(String label, List<Sample> samples, Reader reader) {
        reader.read(samples.get(0).image()); // engine start-up outside the timing
        List<Long> times = new ArrayList<>();
        int words = 0;
        int found = 0;
        int bySize[] = new int[2];
        int bySizeFound[] = new int[2];
        int darkWords = 0;
        int darkFound = 0;
        java.util.Map<String, Integer> missed = new java.util.TreeMap<>();
        for (Sample sample : samples) {
            long start = System.nanoTime();
            String text = reader.read(sample.image());
            times.add((System.nanoTime() - start) / 1_000_000);
            String flat = text.replaceAll("\\s+", " ");
            for (String word : sample.expect()) {
                boolean ok = flat.contains(word);
                if (!ok) {
                    missed.merge(word, 1, Integer::sum);
                }
                words++;
                found += ok ? 1 : 0;
                int small = sample.name().contains("font 20") || sample.name().contains("font 34") ? 1 : 0;
                bySize[small]++;
                bySizeFound[small] += ok ? 1 : 0;
                if (sample.name().contains("DARK")) {
                    darkWords++;
                    darkFound += ok ? 1 : 0;
                }
            }
        }
        times.sort(Long::compare);
        System.out.printf(Locale.ROOT, "%-48s images %d  words read exactly %.1f%% (normal %.1f%%, small %.1f%%, dark %.1f%%)  ms p50 %d p95 %d max %d%n",
                label, samples.size(), 100.0 * found / words, 100.0 * bySizeFound[0] / bySize[0], 100.0 * bySizeFound[1] / bySize[1],
                100.0 * darkFound / darkWords, times.get(times.size() / 2), times.get((int) Math.ceil(times.size() * 0.95) - 1),
                times.get(times.size() - 1));
        if (Boolean.getBoolean("missed")) {
            System.out.println("  missed: " + missed);
        }
    }

    /** The reading before this change, for comparison. */
    static final class Legacy {
        private final TessBaseAPI api = new TessBaseAPI();

        Legacy() throws IOException {
            Path dir = Files.createTempDirectory("ocr-measure-");
            try (InputStream in = OcrMeasurement.class.getClassLoader().getResourceAsStream("tessdata/eng.traineddata")) {
                Files.copy(in, dir.resolve("eng.traineddata"));
            }
            if (api.Init(dir.toString(), "eng") != 0) {
                throw new IllegalStateException("no model");
            }
        }

        String read(BufferedImage image) {
            int scale = image.getWidth() < 1000 ? 2 : 1;
            BufferedImage gray = new BufferedImage(image.getWidth() * scale, image.getHeight() * scale, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = gray.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(image, 0, 0, gray.getWidth(), gray.getHeight(), null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(gray, "png", out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byte[] png = out.toByteArray();
            PIX pix = leptonica.pixReadMem(png, png.length);
            try {
                api.SetImage(pix);
                BytePointer text = api.GetUTF8Text();
                String read = text.getString(java.nio.charset.StandardCharsets.UTF_8);
                text.deallocate();
                return read;
            } finally {
                api.Clear();
                leptonica.pixDestroy(pix);
            }
        }
    }
}
