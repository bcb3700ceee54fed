package com.scamscan.evaluation;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What happens to a screenshot on its way, as the sample's {@link Sample.Damage} says, and its encoding: PNG as it
 * is or slightly blurred, a low-quality JPEG, or Gaussian noise saved as a camera's JPEG. Seeded by the sample's id.
 */
final class DamageEffects {

    private DamageEffects() {
    }

    /** The picture damaged and encoded. */
    static Screenshot apply(BufferedImage image, Sample sample) {
        Random random = new Random(~sample.id().hashCode());
        return switch (sample.damage()) {
            case NONE -> png(image);
            case JPEG -> jpeg(image, 0.3f);
            case BLUR -> png(blur(image));
            case NOISE -> jpeg(noise(image, random), 0.9f); // a noisy picture is a photo: saved as a camera saves it
        };
    }

    private static BufferedImage blur(BufferedImage image) {
        float[] kernel = {1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f};
        ConvolveOp op = new ConvolveOp(new Kernel(3, 3, kernel), ConvolveOp.EDGE_NO_OP, null);
        BufferedImage once = op.filter(image, null);
        return image.getWidth() > 900 ? op.filter(once, null) : once;
    }

    private static BufferedImage noise(BufferedImage image, Random random) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < pixels.length; i++) {
            int rgb = pixels[i];
            int n = (int) Math.round(random.nextGaussian() * 9);
            pixels[i] = (clamp(((rgb >> 16) & 0xFF) + n) << 16) | (clamp(((rgb >> 8) & 0xFF) + n) << 8)
                    | clamp((rgb & 0xFF) + n);
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static Screenshot png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Screenshot(out.toByteArray(), "image/png", "png", image.getWidth(), image.getHeight());
    }

    private static Screenshot jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return new Screenshot(out.toByteArray(), "image/jpeg", "jpg", image.getWidth(), image.getHeight());
    }
}
