package com.scamscan.api.scan;

import com.scamscan.api.problem.ProblemType;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks an upload before anything is stored: its true type from its bytes, its size, and its pixel count
 * from the header alone, so a 30000x30000 PNG header is refused without decoding a pixel.
 */
@Singleton
public class ImageInspector {

    /** What the header says. */
    public record Inspected(ImageType type, int width, int height) {
    }

    private final ScanSettings settings;

    public ImageInspector(ScanSettings settings) {
        this.settings = settings;
    }

    /**
     * Inspects an image.
     *
     * @throws com.scamscan.api.problem.ProblemException 413 too large, 415 not PNG/JPEG/WebP/GIF, 422 header
     *         unreadable, truncated or followed by other data, or more pixels than allowed
     */
    public Inspected inspect(byte[] image) {
        if (image.length > settings.maxImageBytes()) {
            throw ProblemType.IMAGE_TOO_LARGE.with("The image has " + image.length + " bytes; the limit is "
                    + settings.maxImageBytes());
        }
        if (image.length == 0) {
            throw ProblemType.UNDECODABLE_IMAGE.with("The image part is empty");
        }
        byte[] head = java.util.Arrays.copyOf(image, Math.min(image.length, 16));
        ImageType type = ImageType.sniff(head).orElseThrow(() -> ProblemType.UNSUPPORTED_IMAGE_TYPE.with(
                "The image must be PNG, JPEG, WebP or GIF (judged by its content, not its name or declared type)"));
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            ImageReader reader = readerFor(type);
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ProblemType.UNDECODABLE_IMAGE.with("The " + type.mediaType() + " header cannot be read");
        }
        if (width < 1 || height < 1) {
            throw ProblemType.UNDECODABLE_IMAGE.with("The image has no pixels");
        }
        long pixels = (long) width * height;
        if (pixels > settings.maxPixels()) {
            throw ProblemType.TOO_MANY_PIXELS.with("The image is " + width + "x" + height + " (" + pixels
                    + " pixels); the limit is " + settings.maxPixels());
        }
        checkEnd(type, image);
        return new Inspected(type, width, height);
    }

    /**
     * The file must end where the image does: a cut-off upload is refused now rather than failing the analysis
     * later, and a polyglot (an image with an archive or a script after it) is refused, not stored. Only the end
     * marker is looked at, nothing is decompressed.
     */
    private static void checkEnd(ImageType type, byte[] image) {
        int n = image.length;
        boolean ends = switch (type) {
            // the last chunk is IEND: length 0, type IEND, CRC AE 42 60 82
            case PNG -> n >= 12 && endsWith(image, new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D',
                    (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
            case JPEG -> n >= 4 && image[n - 2] == (byte) 0xFF && image[n - 1] == (byte) 0xD9;
            case GIF -> image[n - 1] == 0x3B;
            // RIFF's size field counts everything after its first 8 bytes (plus one pad byte for odd sizes)
            case WEBP -> n >= 12 && riffSize(image) + 8 + (riffSize(image) & 1) == n;
        };
        if (!ends) {
            throw ProblemType.UNDECODABLE_IMAGE.with("The " + type.mediaType()
                    + " does not end where its image ends: it is truncated, or other data follows it");
        }
    }

    private static long riffSize(byte[] image) {
        return (image[4] & 0xFFL) | (image[5] & 0xFFL) << 8 | (image[6] & 0xFFL) << 16 | (image[7] & 0xFFL) << 24;
    }

    private static boolean endsWith(byte[] image, byte[] tail) {
        return java.util.Arrays.equals(image, image.length - tail.length, image.length, tail, 0, tail.length);
    }

    private static ImageReader readerFor(ImageType type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        return readers.next();
    }
}
