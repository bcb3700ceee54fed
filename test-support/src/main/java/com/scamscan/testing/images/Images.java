package com.scamscan.testing.images;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test images made here: rendered with Java2D, or crafted byte by byte. */
public final class Images {

    /** A 1x1 lossless WebP (the widely used feature-detection sample). */
    public static final byte[] WEBP_1X1 = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    private Images() {
    }

    /** A phone-style message screenshot with the given lines, encoded as {@code format} (png, jpg, gif). */
    public static byte[] screenshot(String format, String... lines) {
        int width = 720;
        int lineHeight = 44;
        BufferedImage image = new BufferedImage(width, 120 + lines.length * lineHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(new Color(0xE9, 0xE9, 0xEB));
        g.fillRoundRect(30, 40, width - 60, lines.length * lineHeight + 40, 30, 30);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 50, 90 + i * lineHeight);
        }
        g.dispose();
        return encode(image, format);
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A poster-like image: a line of text above a QR code that encodes {@code payload}. */
    public static BufferedImage withQrCode(String caption, String payload) {
        try {
            com.google.zxing.common.BitMatrix matrix = new com.google.zxing.qrcode.QRCodeWriter()
                    .encode(payload, com.google.zxing.BarcodeFormat.QR_CODE, 300, 300);
            BufferedImage qr = com.google.zxing.client.j2se.MatrixToImageWriter.toBufferedImage(matrix);
            BufferedImage image = new BufferedImage(720, 480, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
            g.drawString(caption, 40, 60);
            g.drawImage(qr, 210, 120, null);
            g.dispose();
            return image;
        } catch (com.google.zxing.WriterException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BufferedImage decode(byte[] encoded) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only a PNG signature and an IHDR chunk claiming {@code width x height}: no pixel data at all. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ihdr.putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
