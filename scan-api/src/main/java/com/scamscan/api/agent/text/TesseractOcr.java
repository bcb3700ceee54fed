package com.scamscan.api.agent.text;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tesseract.CANCEL_FUNC;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.TessBaseAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads text from images with Tesseract (native, from Maven: bytedeco), English model from the classpath.
 * One engine per thread, because a Tesseract engine is not thread-safe; created on first use, not at startup.
 *
 * <p>Before Tesseract sees it, the screenshot is made what Tesseract reads best: gray, dark text on a light
 * background (a dark-mode screenshot is inverted), text lines about {@link OcrSettings#textHeight()} pixels high
 * (measured in the image, not guessed from its width), and no more than {@link OcrSettings#maxPixels()} pixels.
 * A larger image is first scaled down to that size ({@link #bounded}), so that no step (measuring, QR decoding,
 * Tesseract's layout analysis) works on more pixels than OCR can use. Tesseract stops at {@link OcrSettings#timeout()}
 * (what it read by then is used) or, through its cancel monitor, as soon as the reading thread is interrupted (the
 * task's timeout cancelled the tool).
 */
@Singleton
public class TesseractOcr {

    private static final Logger LOG = LoggerFactory.getLogger(TesseractOcr.class);
    private static final String MODEL = "tessdata/eng.traineddata";
    /** A step in brightness between neighbouring pixels that marks the edge of a letter. */
    private static final int EDGE = 48;

    private final OcrSettings settings;
    private final List<TessBaseAPI> engines = new CopyOnWriteArrayList<>();
    /** Engines inside Tesseract now: {@link #close} must not end them under a thread that is still reading. */
    private final java.util.Set<TessBaseAPI> reading = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final ThreadLocal<TessBaseAPI> engine = new ThreadLocal<>();
    private volatile Path tessdata;

    public TesseractOcr(OcrSettings settings) {
        this.settings = settings;
    }

    /**
     * What Tesseract read.
     *
     * @param text the text, lines separated by {@code \n}
     * @param timedOut whether Tesseract was stopped at the timeout (the text is what it read until then)
     * @param dark whether the image was dark (light text) and read inverted
     * @param scale how much the image was enlarged (or reduced) before reading
     */
    public record Reading(String text, boolean timedOut, boolean dark, double scale) {
    }

    /**
     * The text Tesseract reads in the image, lines separated by {@code \n}.
     *
     * @throws IllegalStateException when the engine cannot be started
     */
    public String read(BufferedImage image) {
        return reading(image).text();
    }

    /** The text Tesseract reads in the image, and how it was read. */
    public Reading reading(BufferedImage image) {
        Prepared prepared = prepare(image, settings);
        TessBaseAPI api = engine();
        ETEXT_DESC monitor = new ETEXT_DESC();
        try {
            api.SetPageSegMode(settings.pageSegmentation());
            api.SetImage(prepared.pixels(), prepared.width(), prepared.height(), 1, prepared.width());
            api.SetSourceResolution(300);
            monitor.set_deadline_msecs((int) settings.timeout().toMillis());
            monitor.cancel(CANCEL_WHEN_INTERRUPTED);
            reading.add(api);
            try {
                api.Recognize(monitor);
            } finally {
                reading.remove(api);
            }
            boolean timedOut = monitor.deadline_exceeded() || Thread.currentThread().isInterrupted();
            if (timedOut) {
                LOG.warn("OCR stopped at its timeout of {} ms on a {}x{} image; using what it read until then",
                        settings.timeout().toMillis(), prepared.width(), prepared.height());
            }
            BytePointer text = api.GetUTF8Text();
            try {
                String read = text == null ? "" : text.getString(java.nio.charset.StandardCharsets.UTF_8);
                return new Reading(read, timedOut, prepared.dark(), prepared.scale());
            } finally {
                if (text != null) {
                    text.deallocate();
                }
            }
        } finally {
            api.Clear();
            monitor.close();
            if (closed) {
                releaseThread(); // shut down while this thread was reading: its engine was left to it
            }
        }
    }

    /**
     * Tesseract's cancel monitor, asked between words: stop when the reading thread was interrupted. One instance for
     * every thread (it asks the calling thread), as JavaCPP allots few native callbacks per type.
     */
    private static final CANCEL_FUNC CANCEL_WHEN_INTERRUPTED = new CANCEL_FUNC() {
        @Override
        public boolean call(Pointer cancelThis, int words) {
            return Thread.currentThread().isInterrupted();
        }
    };

    /**
     * The image, scaled down (keeping its proportions) to at most {@link OcrSettings#maxPixels()} when it is larger:
     * what OCR and QR decoding work on, so that a huge screenshot costs no more than one of the largest size read.
     */
    public BufferedImage bound(BufferedImage image) {
        return bounded(image, settings.maxPixels());
    }

    static BufferedImage bounded(BufferedImage image, long maxPixels) {
        long pixels = (long) image.getWidth() * image.getHeight();
        if (pixels <= maxPixels) {
            return image;
        }
        double scale = Math.sqrt((double) maxPixels / pixels);
        int width = Math.max(1, (int) (image.getWidth() * scale));
        int height = Math.max(1, (int) (image.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, java.awt.Color.WHITE, null);
        g.dispose();
        return scaled;
    }

    /** An image ready for Tesseract: 8-bit gray, one byte per pixel, rows without padding. */
    record Prepared(byte[] pixels, int width, int height, boolean dark, double scale) {
    }

    /**
     * Makes {@code image} what Tesseract reads best: gray; inverted when it is dark (light text on a dark screen);
     * scaled so text lines are about {@code textHeight} pixels high, within {@code maxPixels}.
     */
    static Prepared prepare(BufferedImage original, OcrSettings settings) {
        BufferedImage image = bounded(original, settings.maxPixels());
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] gray = luminance(image);
        boolean dark = isDark(gray);
        double lineHeight = textLineHeight(gray, width, height);
        double scale = lineHeight > 0 ? settings.textHeight() / lineHeight : (width < 1000 ? 2 : 1);
        scale = Math.max(0.5, Math.min(4, scale));
        scale = Math.min(scale, Math.sqrt((double) settings.maxPixels() / ((double) width * height)));
        int targetWidth = Math.max(1, (int) (width * scale));
        int targetHeight = Math.max(1, (int) (height * scale));

        BufferedImage source = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] sourcePixels = ((DataBufferByte) source.getRaster().getDataBuffer()).getData();
        if (dark) {
            for (int i = 0; i < gray.length; i++) {
                sourcePixels[i] = (byte) (255 - (gray[i] & 0xFF));
            }
        } else {
            System.arraycopy(gray, 0, sourcePixels, 0, gray.length);
        }
        if (targetWidth == width && targetHeight == height) {
            return new Prepared(sourcePixels, width, height, dark, 1);
        }
        BufferedImage scaled = new BufferedImage(targetWidth, targetHeight, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale > 1
                ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, targetWidth, targetHeight, null);
        g.dispose();
        byte[] pixels = ((DataBufferByte) scaled.getRaster().getDataBuffer()).getData();
        return new Prepared(pixels, targetWidth, targetHeight, dark, scale);
    }

    /** The image's brightness, one byte per pixel, row by row (ITU-R BT.601 weights). */
    static byte[] luminance(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] gray = new byte[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int rgb = row[x];
                int luma = (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
                gray[y * width + x] = (byte) luma;
            }
        }
        return gray;
    }

    /** Whether most of the image is dark: a dark-mode screen, where the text is the light part. */
    static boolean isDark(byte[] gray) {
        long dark = 0;
        for (byte pixel : gray) {
            if ((pixel & 0xFF) < 128) {
                dark++;
            }
        }
        return dark * 2 > gray.length;
    }

    /**
     * The usual height of a line of text, in pixels, or 0 when no text is seen: rows crossed by many letter edges
     * are text, and a run of such rows is a line of text (from the top of its tallest letter to the bottom of its
     * lowest). Bubble outlines cross a row only a few times and do not count.
     */
    static double textLineHeight(byte[] gray, int width, int height) {
        int minEdges = 6;
        List<Integer> runs = new java.util.ArrayList<>();
        int run = 0;
        for (int y = 0; y < height; y++) {
            int edges = 0;
            int base = y * width;
            for (int x = 1; x < width; x++) {
                if (Math.abs((gray[base + x] & 0xFF) - (gray[base + x - 1] & 0xFF)) >= EDGE) {
                    edges++;
                }
            }
            if (edges >= minEdges) {
                run++;
            } else {
                if (run >= 4) {
                    runs.add(run);
                }
                run = 0;
            }
        }
        if (run >= 4) {
            runs.add(run);
        }
        if (runs.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(runs);
        return runs.get(runs.size() / 2);
    }

    /** This thread's engine, started on first use. */
    private TessBaseAPI engine() {
        TessBaseAPI api = engine.get();
        if (api == null) {
            api = newEngine();
            engine.set(api);
        }
        return api;
    }

    /** Ends this thread's engine, if it has one (its thread is ending: a worker's tool thread that was replaced). */
    public void releaseThread() {
        TessBaseAPI api = engine.get();
        if (api != null) {
            engine.remove();
            if (engines.remove(api)) { // not ended by close() already
                api.End();
                api.close();
            }
        }
    }

    private TessBaseAPI newEngine() {
        TessBaseAPI api = new TessBaseAPI();
        if (api.Init(tessdata().toString(), "eng") != 0) {
            api.close();
            throw new IllegalStateException("Tesseract could not load its English model");
        }
        engines.add(api);
        return api;
    }

    private Path tessdata() {
        Path dir = tessdata;
        if (dir == null) {
            synchronized (this) {
                dir = tessdata;
                if (dir == null) {
                    dir = unpackModel();
                    tessdata = dir;
                }
            }
        }
        return dir;
    }

    private static Path unpackModel() {
        try (InputStream in = TesseractOcr.class.getClassLoader().getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException(MODEL + " is not on the classpath");
            }
            Path dir = Files.createTempDirectory("scamscan-tessdata-");
            Files.copy(in, dir.resolve("eng.traineddata"), StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit();
            dir.resolve("eng.traineddata").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends every engine not reading now; one still inside Tesseract (a runaway read) is ended by its own thread. */
    @PreDestroy
    void close() {
        closed = true;
        for (TessBaseAPI api : engines) {
            if (!reading.contains(api) && engines.remove(api)) {
                api.End();
                api.close();
            }
        }
    }
}
