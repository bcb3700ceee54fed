package com.scamscan.api.agent.text;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.bytedeco.tesseract.TessBaseAPI;

/**
 * Reads text from images with Tesseract (native, from Maven: bytedeco), English model from the classpath.
 * One engine per thread, because a Tesseract engine is not thread-safe; created on first use, not at startup.
 */
@Singleton
public class TesseractOcr {

    private static final String MODEL = "tessdata/eng.traineddata";

    private final List<TessBaseAPI> engines = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TessBaseAPI> engine = ThreadLocal.withInitial(this::newEngine);
    private volatile Path tessdata;

    /**
     * The text Tesseract reads in the image, lines separated by {@code \n}.
     *
     * @throws IllegalStateException when the engine cannot be started or the image not handed to it
     */
    public String read(BufferedImage image) {
        byte[] png = png(prepare(image));
        PIX pix = leptonica.pixReadMem(png, png.length);
        if (pix == null) {
            throw new IllegalStateException("leptonica could not read the image");
        }
        TessBaseAPI api = engine.get();
        try {
            api.SetImage(pix);
            BytePointer text = api.GetUTF8Text();
            try {
                return text == null ? "" : text.getString(java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                if (text != null) {
                    text.deallocate();
                }
            }
        } finally {
            api.Clear();
            leptonica.pixDestroy(pix);
        }
    }

    /** Small screenshots read better enlarged: Tesseract is tuned for text about 30 px high. */
    private static BufferedImage prepare(BufferedImage image) {
        int scale = image.getWidth() < 1000 ? 2 : 1;
        BufferedImage gray = new BufferedImage(image.getWidth() * scale, image.getHeight() * scale, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = gray.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, gray.getWidth(), gray.getHeight(), null);
        g.dispose();
        return gray;
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

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @PreDestroy
    void close() {
        for (TessBaseAPI api : engines) {
            api.End();
            api.close();
        }
        engines.clear();
    }
}
