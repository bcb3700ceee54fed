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
     *         unreadable or more pixels than allowed
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
        return new Inspected(type, width, height);
    }

    private static ImageReader readerFor(ImageType type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + type);
        }
        return readers.next();
    }
}
