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

    /** The look of a messaging app's conversation screen, light or dark. */
    public enum Theme {
        IOS_LIGHT(0xFFFFFF, 0xE9E9EB, 0x000000, 0x0A84FF, 0xFFFFFF),
        IOS_DARK(0x000000, 0x26252A, 0xFFFFFF, 0x0A84FF, 0xFFFFFF),
        ANDROID_LIGHT(0xF8F9FA, 0xE8EAED, 0x202124, 0x1A73E8, 0xFFFFFF),
        ANDROID_DARK(0x202124, 0x3C4043, 0xE8EAED, 0x8AB4F8, 0x202124),
        WHATSAPP_LIGHT(0xEFE7DE, 0xFFFFFF, 0x111B21, 0xD9FDD3, 0x111B21),
        WHATSAPP_DARK(0x0B141A, 0x202C33, 0xE9EDEF, 0x005C4B, 0xE9EDEF);

        final Color background;
        final Color incoming;
        final Color incomingText;
        final Color outgoing;
        final Color outgoingText;

        Theme(int background, int incoming, int incomingText, int outgoing, int outgoingText) {
            this.background = new Color(background);
            this.incoming = new Color(incoming);
            this.incomingText = new Color(incomingText);
            this.outgoing = new Color(outgoing);
            this.outgoingText = new Color(outgoingText);
        }

        /** Whether the screen is dark with light text. */
        public boolean dark() {
            return background.getRed() + background.getGreen() + background.getBlue() < 3 * 128;
        }
    }

    /**
     * A phone conversation screenshot: a status bar and the sender's name, then the {@code lines} as message bubbles,
     * {@code width} pixels wide with text {@code fontSize} pixels high. A line starting with {@code "> "} is in an
     * outgoing bubble; an empty line starts a new bubble; other lines continue the bubble before.
     */
    public static BufferedImage chat(Theme theme, int width, int fontSize, String... lines) {
        int lineHeight = Math.round(fontSize * 1.3f);
        int pad = Math.max(8, fontSize / 2);
        java.util.List<java.util.List<String>> bubbles = new java.util.ArrayList<>();
        java.util.List<Boolean> outgoing = new java.util.ArrayList<>();
        for (String line : lines) {
            boolean out = line.startsWith("> ");
            if (line.isEmpty() || bubbles.isEmpty() || out != outgoing.get(outgoing.size() - 1)) {
                bubbles.add(new java.util.ArrayList<>());
                outgoing.add(out);
            }
            if (!line.isEmpty()) {
                bubbles.get(bubbles.size() - 1).add(out ? line.substring(2) : line);
            }
        }
        int top = fontSize * 5;
        int height = top;
        for (java.util.List<String> bubble : bubbles) {
            height += bubble.size() * lineHeight + 2 * pad + pad;
        }
        height += fontSize * 4;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(theme.background);
        g.fillRect(0, 0, width, height);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
        g.setColor(theme.incomingText);
        g.setFont(font.deriveFont(Font.BOLD));
        g.drawString("9:41", pad * 2, fontSize + pad);
        g.drawString("Messages", width / 2 - fontSize * 2, fontSize * 3 + pad);
        g.setFont(font);
        java.awt.FontMetrics metrics = g.getFontMetrics();
        int y = top;
        for (int b = 0; b < bubbles.size(); b++) {
            java.util.List<String> bubble = bubbles.get(b);
            int textWidth = 0;
            for (String line : bubble) {
                textWidth = Math.max(textWidth, metrics.stringWidth(line));
            }
            int bubbleWidth = Math.min(width - 2 * pad, textWidth + 2 * pad);
            int bubbleHeight = bubble.size() * lineHeight + 2 * pad;
            int x = outgoing.get(b) ? width - pad - bubbleWidth : pad;
            g.setColor(outgoing.get(b) ? theme.outgoing : theme.incoming);
            g.fillRoundRect(x, y, bubbleWidth, bubbleHeight, fontSize, fontSize);
            g.setColor(outgoing.get(b) ? theme.outgoingText : theme.incomingText);
            for (int i = 0; i < bubble.size(); i++) {
                g.drawString(bubble.get(i), x + pad, y + pad + i * lineHeight + metrics.getAscent());
            }
            y += bubbleHeight + pad;
        }
        g.dispose();
        return image;
    }

    /** {@code image} after a round trip through JPEG at {@code quality} (0 to 1): the blocks and ringing of a re-shared screenshot. */
    public static BufferedImage jpegDamaged(BufferedImage image, float quality) {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return decode(out.toByteArray());
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
