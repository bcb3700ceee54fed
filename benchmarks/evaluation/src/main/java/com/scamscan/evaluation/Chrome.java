package com.scamscan.evaluation;

import static com.scamscan.evaluation.Typesetter.font;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * What every screen has around the message: the status bar (clock, signal, Wi-Fi, battery), the sender's avatar,
 * a QR code image, a date chip and the home indicator, in points.
 */
final class Chrome {

    private static final Color[] AVATARS = {new Color(0x1E88E5), new Color(0x43A047), new Color(0x8E24AA),
            new Color(0xF4511E), new Color(0x00897B), new Color(0x6D4C41), new Color(0xD81B60)};

    private final Graphics2D g;
    private final Typesetter type;
    private final Sample sample;
    private final PhoneClock clock;
    private final double w;
    private final double scale;
    private final boolean iphone;
    private final boolean dark;

    Chrome(Graphics2D g, Typesetter type, Sample sample, PhoneClock clock, Device device) {
        this.g = g;
        this.type = type;
        this.sample = sample;
        this.clock = clock;
        this.w = device.points();
        this.scale = device.scale();
        this.iphone = device.iphone();
        this.dark = sample.theme() == Sample.Theme.DARK;
    }

    void statusBar(double height, Color color, boolean ios) {
        double base = ios ? height / 2 + 9 : height / 2 + 6;
        Font time = ios ? font(true, 15.5f) : font(false, 13.5f);
        type.text(clock.now(), time, color, ios ? 34 : 16, base);
        g.setColor(color);
        double x = w - (ios ? 84 : 70);
        for (int i = 0; i < 4; i++) {
            double h = 4 + i * 2.3;
            g.fill(new RoundRectangle2D.Double(x + i * 4.6, base - h, 3, h, 1, 1));
        }
        g.fill(new Arc2D.Double(x + 22, base - 12.5, 16, 16, 45, 90, Arc2D.PIE));
        double bx = x + 44;
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(bx, base - 11, 24, 11.5, 4, 4));
        g.fill(new RoundRectangle2D.Double(bx + 2, base - 9, 14 + Math.floorMod(sample.id().hashCode(), 7), 7.5, 2, 2));
        g.fill(new RoundRectangle2D.Double(bx + 25, base - 7, 1.8, 4, 1, 1));
    }

    void avatar(double x, double y, double d, boolean grey) {
        String initials = initials(sample.sender());
        Color fill = grey || initials.isEmpty()
                ? (dark ? new Color(0x6E6E73) : new Color(0x9EA3AD))
                : AVATARS[Math.floorMod(sample.sender().hashCode(), AVATARS.length)];
        g.setColor(fill);
        g.fill(new Ellipse2D.Double(x, y, d, d));
        if (initials.isEmpty() || sample.layout() == Sample.Layout.WHATSAPP) {
            g.setColor(new Color(255, 255, 255, 230));
            g.fill(new Ellipse2D.Double(x + d * 0.33, y + d * 0.18, d * 0.34, d * 0.34));
            java.awt.Shape old = g.getClip();
            g.clip(new Ellipse2D.Double(x, y, d, d));
            g.fill(new Ellipse2D.Double(x + d * 0.16, y + d * 0.58, d * 0.68, d * 0.6));
            g.setClip(old);
        } else {
            type.centered(initials, font(false, (float) (d * 0.4)), Color.WHITE, x + d / 2, y + d / 2 + d * 0.14);
        }
    }

    void avatarLetter(double x, double y, double d, String name) {
        String initial = initials(name);
        g.setColor(AVATARS[Math.floorMod(name.hashCode(), AVATARS.length)]);
        g.fill(new Ellipse2D.Double(x, y, d, d));
        type.centered(initial.isEmpty() ? "?" : initial.substring(0, 1), font(false, (float) (d * 0.45)), Color.WHITE,
                x + d / 2, y + d / 2 + d * 0.16);
    }

    private static String initials(String sender) {
        if (!Character.isLetter(sender.codePointAt(0))) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String word : sender.split("[\\s.-]+")) {
            if (!word.isEmpty() && Character.isLetter(word.codePointAt(0)) && out.length() < 2) {
                out.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
            }
        }
        return out.toString();
    }

    double qrBlock(double x, double y, double size, double radius) {
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(x, y, size + 16, size + 16, radius * 2, radius * 2));
        qr(x + 8, y + 8, size);
        return y + size + 16;
    }

    void qr(double x, double y, double size) {
        int pixels = (int) Math.round(size * scale);
        try {
            BitMatrix matrix = new QRCodeWriter().encode(sample.qr().orElseThrow(), BarcodeFormat.QR_CODE, pixels,
                    pixels, Map.of(EncodeHintType.MARGIN, 2));
            BufferedImage code = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int j = 0; j < matrix.getHeight(); j++) {
                for (int i = 0; i < matrix.getWidth(); i++) {
                    code.setRGB(i, j, matrix.get(i, j) ? 0x000000 : 0xFFFFFF);
                }
            }
            Object hint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(code, new java.awt.geom.AffineTransform(1 / scale, 0, 0, 1 / scale, x, y), null);
            if (hint != null) {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
            }
        } catch (WriterException e) {
            throw new IllegalArgumentException(sample.id() + ": QR payload cannot be encoded", e);
        }
    }

    void chip(String label, Font font, double y, Color fill, Color color) {
        double cw = type.width(label, font) + 20;
        g.setColor(fill);
        g.fill(new RoundRectangle2D.Double((w - cw) / 2, y, cw, 24, 12, 12));
        type.centered(label, font, color, w / 2, y + 16.5);
    }

    void homeIndicator(double height) {
        g.setColor(dark ? new Color(0xE0E0E0) : new Color(0x1A1A1A));
        double bw = iphone ? 134 : 108;
        g.fill(new RoundRectangle2D.Double((w - bw) / 2, height - 10, bw, iphone ? 5 : 4, 5, 5));
    }
}
