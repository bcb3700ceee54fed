package com.scamscan.evaluation;

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
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws a {@link Sample} as a phone screenshot with Java2D: status bar, the app's header with the sender, the
 * message as iOS Messages, Google Messages or WhatsApp draw it (or an e-mail app's message view), light or dark,
 * normal or small text, then the sample's damage. Everything is drawn in points and scaled to the device's pixels.
 * The same sample always gives the same bytes (the choices are seeded by its id).
 */
public final class Renderer {

    private static final Pattern LINK = Pattern.compile(
            "(?i)(https?://\\S+|www\\.\\S+|[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}(/\\S*)?)");
    private static final int MAX_CANVAS = 9000;

    /** A phone screen: pixels and points-to-pixels scale. */
    record Device(int width, int height, double scale) {
        double points() {
            return width / scale;
        }
    }

    private static final List<Device> IPHONES = List.of(new Device(750, 1334, 2), new Device(828, 1792, 2),
            new Device(1170, 2532, 3));
    private static final List<Device> ANDROIDS = List.of(new Device(720, 1600, 2), new Device(1080, 2400, 2.625));

    private Renderer() {
    }

    /** The sample's screenshot, damaged as the sample says. */
    public static Screenshot render(Sample sample) {
        BufferedImage image = draw(sample);
        return damage(image, sample);
    }

    /** The undamaged picture. */
    static BufferedImage draw(Sample sample) {
        Random random = new Random(sample.id().hashCode());
        Device device = device(sample, random);
        Palette palette = Palette.of(sample.layout(), sample.theme());
        BufferedImage canvas = new BufferedImage(device.width(), MAX_CANVAS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(canvas, device);
        g.setColor(palette.background);
        g.fill(new Rectangle2D.Double(0, 0, device.points(), MAX_CANVAS / device.scale()));
        Clock clock = new Clock(7 + random.nextInt(15), random.nextInt(60), sample.region().equals("US"));
        Page page = new Page(g, sample, device, palette, clock, UiText.of(sample.language()));
        double end = switch (sample.layout()) {
            case IOS_SMS -> page.ios();
            case ANDROID_SMS -> page.android();
            case WHATSAPP -> page.whatsapp();
            case MAIL -> page.mail();
        };
        g.dispose();
        double bottomBar = page.bottomBarHeight();
        int height = (int) Math.min(MAX_CANVAS, Math.max(device.height(), Math.ceil((end + bottomBar + 16) * device.scale())));
        BufferedImage screen = new BufferedImage(device.width(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D s = screen.createGraphics();
        s.drawImage(canvas, 0, 0, null);
        s.dispose();
        Graphics2D bottom = graphics(screen, device);
        new Page(bottom, sample, device, palette, clock, UiText.of(sample.language())).bottomBar(height / device.scale());
        bottom.dispose();
        return screen;
    }

    static Device device(Sample sample, Random random) {
        List<Device> choices = switch (sample.layout()) {
            case IOS_SMS -> IPHONES;
            case ANDROID_SMS, WHATSAPP -> ANDROIDS;
            case MAIL -> random.nextBoolean() ? IPHONES : ANDROIDS;
        };
        return choices.get(random.nextInt(choices.size()));
    }

    private static Graphics2D graphics(BufferedImage image, Device device) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(device.scale(), device.scale());
        return g;
    }

    // ------------------------------------------------------------------------------------------------ damage

    static Screenshot damage(BufferedImage image, Sample sample) {
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

    // ------------------------------------------------------------------------------------------------ colours

    /** The colours of one app in one theme. */
    record Palette(Color background, Color bar, Color barText, Color text, Color secondary, Color bubble,
                   Color bubbleText, Color link, Color accent, Color chip, Color chipText, Color divider) {

        static Palette of(Sample.Layout layout, Sample.Theme theme) {
            boolean dark = theme == Sample.Theme.DARK;
            return switch (layout) {
                case IOS_SMS -> dark
                        ? new Palette(rgb(0x000000), rgb(0x1C1C1E), rgb(0xFFFFFF), rgb(0xFFFFFF), rgb(0x8E8E93),
                        rgb(0x262628), rgb(0xFFFFFF), rgb(0xFFFFFF), rgb(0x0A84FF), rgb(0x2C2C2E), rgb(0x8E8E93), rgb(0x38383A))
                        : new Palette(rgb(0xFFFFFF), rgb(0xF6F6F6), rgb(0x000000), rgb(0x000000), rgb(0x8E8E93),
                        rgb(0xE9E9EB), rgb(0x000000), rgb(0x000000), rgb(0x007AFF), rgb(0xF2F2F7), rgb(0x8E8E93), rgb(0xD1D1D6));
                case ANDROID_SMS -> dark
                        ? new Palette(rgb(0x111318), rgb(0x1B1D22), rgb(0xE3E3E3), rgb(0xE3E3E3), rgb(0xA6A8AE),
                        rgb(0x2E3138), rgb(0xE3E3E3), rgb(0xA8C7FA), rgb(0xA8C7FA), rgb(0x2E3138), rgb(0xC4C7C5), rgb(0x3C4043))
                        : new Palette(rgb(0xF8FAFD), rgb(0xF8FAFD), rgb(0x1F1F1F), rgb(0x1F1F1F), rgb(0x5F6368),
                        rgb(0xE3E8EF), rgb(0x1F1F1F), rgb(0x0B57D0), rgb(0x0B57D0), rgb(0xE9EEF6), rgb(0x444746), rgb(0xDADCE0));
                case WHATSAPP -> dark
                        ? new Palette(rgb(0x0B141A), rgb(0x1F2C34), rgb(0xE9EDEF), rgb(0xE9EDEF), rgb(0x8696A0),
                        rgb(0x202C33), rgb(0xE9EDEF), rgb(0x53BDEB), rgb(0x00A884), rgb(0x182229), rgb(0xFFD279), rgb(0x222D34))
                        : new Palette(rgb(0xEFEAE2), rgb(0x008069), rgb(0xFFFFFF), rgb(0x111B21), rgb(0x667781),
                        rgb(0xFFFFFF), rgb(0x111B21), rgb(0x027EB5), rgb(0x00A884), rgb(0xFFEECD), rgb(0x54656F), rgb(0xD1D7DB));
                case MAIL -> dark
                        ? new Palette(rgb(0x121212), rgb(0x121212), rgb(0xE3E3E3), rgb(0xE3E3E3), rgb(0xA8ABAF),
                        rgb(0x121212), rgb(0xE3E3E3), rgb(0xA8C7FA), rgb(0xA8C7FA), rgb(0x2D2F31), rgb(0xC4C7C5), rgb(0x3C4043))
                        : new Palette(rgb(0xFFFFFF), rgb(0xFFFFFF), rgb(0x1F1F1F), rgb(0x1F1F1F), rgb(0x5F6368),
                        rgb(0xFFFFFF), rgb(0x1F1F1F), rgb(0x0B57D0), rgb(0x0B57D0), rgb(0xE9EEF6), rgb(0x444746), rgb(0xDADCE0));
            };
        }

        private static Color rgb(int rgb) {
            return new Color(rgb);
        }
    }

    /** The phone's clock: the status bar shows {@code now}; the message came a few minutes earlier. */
    record Clock(int hour, int minute, boolean twelveHour) {
        String now() {
            return format(hour * 60 + minute, false);
        }

        String received() {
            return format(hour * 60 + minute - 3, true);
        }

        private String format(int minutes, boolean withPeriod) {
            int h = Math.floorMod(minutes, 1440) / 60;
            int m = Math.floorMod(minutes, 60);
            if (!twelveHour) {
                return String.format(Locale.ROOT, "%02d:%02d", h, m);
            }
            String text = String.format(Locale.ROOT, "%d:%02d", h % 12 == 0 ? 12 : h % 12, m);
            return withPeriod ? text + (h < 12 ? " AM" : " PM") : text;
        }
    }

    // ------------------------------------------------------------------------------------------------ drawing

    /** One screenshot being drawn, in points. */
    private static final class Page {
        private static final Color[] AVATARS = {new Color(0x1E88E5), new Color(0x43A047), new Color(0x8E24AA),
                new Color(0xF4511E), new Color(0x00897B), new Color(0x6D4C41), new Color(0xD81B60)};

        private final Graphics2D g;
        private final Sample sample;
        private final Palette p;
        private final Clock clock;
        private final UiText ui;
        private final double w;
        private final double scale;
        private final boolean iphone;
        private final float textSize;
        private final boolean dark;

        Page(Graphics2D g, Sample sample, Device device, Palette palette, Clock clock, UiText ui) {
            this.g = g;
            this.sample = sample;
            this.p = palette;
            this.clock = clock;
            this.ui = ui;
            this.w = device.points();
            this.scale = device.scale();
            this.iphone = IPHONES.contains(device);
            this.dark = sample.theme() == Sample.Theme.DARK;
            boolean small = sample.size() == Sample.TextSize.SMALL;
            this.textSize = switch (sample.layout()) {
                case IOS_SMS -> small ? 14.5f : 16.5f;
                case ANDROID_SMS, WHATSAPP -> small ? 13.5f : 15.5f;
                case MAIL -> small ? 13f : 15f;
            };
        }

        // ---- iOS Messages

        double ios() {
            double status = w > 380 ? 47 : 20;
            double headerBottom = status + 92;
            g.setColor(p.bar);
            g.fill(new Rectangle2D.Double(0, 0, w, headerBottom));
            statusBar(status, p.text, true);
            double cy = status + 30;
            g.setColor(p.accent);
            g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path(new double[][] {{20, cy - 10}, {11, cy}, {20, cy + 10}}));
            text("" + (3 + Math.floorMod(sample.id().hashCode(), 40)), font(false, 17), p.accent, 26, cy + 6);
            avatar(w / 2 - 25, status + 4, 50, true);
            Font name = font(false, 11.5f);
            String label = sample.sender() + "  \u203A";
            centered(label, name, p.text, w / 2, status + 72);
            g.setColor(p.divider);
            g.fill(new Rectangle2D.Double(0, headerBottom - 0.5, w, 0.5));
            double y = headerBottom + 20;
            centered(ui.iosTextMessage(), font(false, 11.5f), p.secondary, w / 2, y);
            centered(ui.today() + " " + clock.received(), font(false, 11.5f), p.secondary, w / 2, y + 15);
            y += 32;
            Font body = font(false, textSize);
            double maxInner = w * 0.72 - 24;
            if (sample.qr().isPresent()) {
                y = qrBlock(16, y, 200, 18) + 6;
            }
            List<String> bubbles = bubbles();
            for (int i = 0; i < bubbles.size(); i++) {
                List<String> lines = wrap(bubbles.get(i), body, maxInner);
                double lh = textSize * 1.3;
                double bw = widest(lines, body) + 24;
                double bh = lines.size() * lh + 15;
                g.setColor(p.bubble);
                g.fill(new RoundRectangle2D.Double(16, y, bw, bh, 36, 36));
                if (i == bubbles.size() - 1) {
                    Path2D tail = new Path2D.Double();
                    tail.moveTo(22, y + bh - 14);
                    tail.curveTo(20, y + bh - 3, 14, y + bh, 9, y + bh + 1);
                    tail.curveTo(17, y + bh + 2, 25, y + bh - 1, 30, y + bh - 5);
                    tail.closePath();
                    g.fill(tail);
                }
                drawLines(lines, body, 28, y + 7.5 + textSize, lh, p.bubbleText, p.link, true);
                y += bh + 3;
            }
            return y;
        }

        // ---- Google Messages

        double android() {
            double status = 30;
            statusBar(status, p.text, false);
            double bar = status + 64;
            double cy = status + 32;
            arrow(16, cy, p.text);
            avatar(52, cy - 20, 40, false);
            text(ellipsize(sample.sender(), font(false, 19), w - 170), font(false, 19), p.text, 102, cy + 7);
            phoneIcon(w - 76, cy, p.text);
            dots(w - 22, cy, p.text);
            double y = bar + 18;
            centered(ui.today() + " \u00B7 " + clock.received(), font(false, 12), p.secondary, w / 2, y);
            y += 18;
            Font body = font(false, textSize);
            double left = 60;
            double maxInner = w * 0.74 - 32;
            if (sample.qr().isPresent()) {
                y = qrBlock(left, y, 200, 20) + 4;
            }
            List<String> bubbles = bubbles();
            double lastBottom = y;
            for (String bubble : bubbles) {
                List<String> lines = wrap(bubble, body, maxInner);
                double lh = textSize * 1.35;
                double bw = widest(lines, body) + 32;
                double bh = lines.size() * lh + 22;
                g.setColor(p.bubble);
                g.fill(new RoundRectangle2D.Double(left, y, bw, bh, 40, 40));
                drawLines(lines, body, left + 16, y + 11 + textSize, lh, p.bubbleText, p.bubbleText, true);
                lastBottom = y + bh;
                y += bh + 3;
            }
            avatar(16, lastBottom - 32, 32, false);
            text(clock.received() + " \u00B7 SMS", font(false, 11.5f), p.secondary, left + 4, lastBottom + 16);
            return lastBottom + 24;
        }

        // ---- WhatsApp

        double whatsapp() {
            double status = 28;
            double header = status + 58;
            g.setColor(p.bar);
            g.fill(new Rectangle2D.Double(0, 0, w, header));
            statusBar(status, p.barText, false);
            double cy = status + 29;
            arrow(12, cy, p.barText);
            avatar(40, cy - 19, 38, true);
            text(ellipsize(sample.sender(), font(false, 18), w - 232), font(false, 18), p.barText, 88, cy + 6);
            videoIcon(w - 118, cy, p.barText);
            phoneIcon(w - 68, cy, p.barText);
            dots(w - 20, cy, p.barText);
            double y = header + 12;
            Font chipFont = font(false, 12);
            chip(ui.today().toUpperCase(Locale.ROOT), chipFont, y, dark ? new Color(0x182229) : Color.WHITE,
                    p.secondary);
            y += 34;
            List<String> notice = wrap(ui.encrypted(), font(false, 11.5f), Math.min(w - 80, 300));
            double nh = notice.size() * 15 + 12;
            double nw = widest(notice, font(false, 11.5f)) + 20;
            g.setColor(p.chip);
            g.fill(new RoundRectangle2D.Double((w - nw) / 2, y, nw, nh, 14, 14));
            for (int i = 0; i < notice.size(); i++) {
                centered(notice.get(i), font(false, 11.5f), p.chipText, w / 2, y + 18 + i * 15);
            }
            y += nh + 12;
            Font body = font(false, textSize);
            Font time = font(false, 11);
            double maxInner = w * 0.8 - 20;
            if (sample.qr().isPresent()) {
                g.setColor(p.bubble);
                g.fill(new RoundRectangle2D.Double(12, y, 212, 230, 14, 14));
                qr(18, y + 6, 200);
                text(clock.received(), time, p.secondary, 224 - 6 - width(clock.received(), time), y + 224);
                y += 236;
            }
            List<String> bubbles = bubbles();
            for (int i = 0; i < bubbles.size(); i++) {
                List<String> lines = wrap(bubbles.get(i), body, maxInner);
                double lh = textSize * 1.35;
                double stamp = width(clock.received(), time) + 10;
                double last = width(lines.get(lines.size() - 1), body);
                boolean inline = last + stamp <= maxInner;
                double bw = Math.max(widest(lines, body), inline ? last + stamp : 0) + 18;
                double bh = lines.size() * lh + 12 + (inline ? 2 : 14);
                g.setColor(p.bubble);
                g.fill(new RoundRectangle2D.Double(12, y, bw, bh, 14, 14));
                if (i == 0) {
                    Path2D tail = new Path2D.Double();
                    tail.moveTo(18, y);
                    tail.lineTo(4, y);
                    tail.lineTo(16, y + 12);
                    tail.closePath();
                    g.fill(tail);
                }
                drawLines(lines, body, 21, y + 6 + textSize, lh, p.bubbleText, p.link, false);
                text(clock.received(), time, p.secondary, 12 + bw - 8 - width(clock.received(), time), y + bh - 6);
                y += bh + 4;
            }
            return y;
        }

        // ---- an e-mail app's message view

        double mail() {
            double status = iphone ? 47 : 30;
            statusBar(status, p.text, iphone);
            double cy = status + 28;
            arrow(16, cy, p.text);
            g.setColor(p.text);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(new Rectangle2D.Double(w - 164, cy - 8, 18, 16));
            g.draw(new Line2D.Double(w - 164, cy - 3, w - 146, cy - 3));
            g.draw(new Rectangle2D.Double(w - 120, cy - 9, 15, 18));
            g.draw(new Line2D.Double(w - 123, cy - 9, w - 102, cy - 9));
            g.draw(new Rectangle2D.Double(w - 78, cy - 7, 20, 14));
            g.draw(path(new double[][] {{w - 78, cy - 7}, {w - 68, cy + 1}, {w - 58, cy - 7}}));
            dots(w - 22, cy, p.text);
            double y = status + 66;
            Font subjectFont = font(false, 21);
            for (String line : wrap(sample.subject().orElseThrow(), subjectFont, w - 32)) {
                text(line, subjectFont, p.text, 16, y + 21);
                y += 28;
            }
            Font chipFont = font(false, 12);
            double cw = width(ui.inbox(), chipFont) + 14;
            g.setColor(p.chip);
            g.fill(new RoundRectangle2D.Double(16, y + 4, cw, 20, 6, 6));
            text(ui.inbox(), chipFont, p.chipText, 23, y + 18.5);
            y += 40;
            String[] from = splitAddress(sample.sender());
            avatarLetter(16, y, 40, from[0]);
            Font nameFont = font(true, 15);
            text(ellipsize(from[0], nameFont, w - 140), nameFont, p.text, 68, y + 15);
            Font small = font(false, 12.5f);
            text(clock.received(), small, p.secondary, w - 16 - width(clock.received(), small), y + 15);
            double line2 = y + 32;
            if (!from[1].isEmpty()) {
                text(ellipsize(from[1], small, w - 90), small, p.secondary, 68, line2);
                line2 += 17;
            }
            text(ui.toMe() + " \u25BE", small, p.secondary, 68, line2);
            y = line2 + 26;
            Font body = font(false, textSize);
            double lh = textSize * 1.45;
            for (String paragraph : sample.text().split("\n\n")) {
                List<String> lines = wrap(paragraph, body, w - 32);
                drawLines(lines, body, 16, y + textSize, lh, p.text, p.link, true);
                y += lines.size() * lh + lh * 0.6;
            }
            if (sample.qr().isPresent()) {
                qr(16, y, 180);
                y += 192;
            }
            return y;
        }

        double bottomBarHeight() {
            return switch (sample.layout()) {
                case IOS_SMS -> 86;
                case ANDROID_SMS, WHATSAPP -> 76;
                case MAIL -> iphone ? 96 : 80;
            };
        }

        void bottomBar(double height) {
            double top = height - bottomBarHeight();
            Font placeholder = font(false, 16.5f);
            switch (sample.layout()) {
                case IOS_SMS -> {
                    g.setColor(p.background);
                    g.fill(new Rectangle2D.Double(0, top, w, bottomBarHeight()));
                    g.setColor(p.chip);
                    g.fill(new Ellipse2D.Double(12, top + 10, 34, 34));
                    plus(29, top + 27, p.secondary);
                    g.setColor(p.divider);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(new RoundRectangle2D.Double(56, top + 9, w - 68, 36, 36, 36));
                    text(ui.iosTextMessage(), placeholder, p.secondary, 70, top + 33);
                    homeIndicator(height);
                }
                case ANDROID_SMS -> {
                    g.setColor(p.background);
                    g.fill(new Rectangle2D.Double(0, top, w, bottomBarHeight()));
                    g.setColor(p.chip);
                    g.fill(new Ellipse2D.Double(10, top + 10, 40, 40));
                    plus(30, top + 30, p.text);
                    g.setColor(p.chip);
                    g.fill(new RoundRectangle2D.Double(58, top + 6, w - 116, 48, 48, 48));
                    text(ui.androidPlaceholder(), placeholder, p.secondary, 76, top + 36);
                    g.setColor(p.chip);
                    g.fill(new Ellipse2D.Double(w - 52, top + 8, 44, 44));
                    micIcon(w - 30, top + 30, p.text);
                    homeIndicator(height);
                }
                case WHATSAPP -> {
                    g.setColor(p.bubble);
                    g.fill(new RoundRectangle2D.Double(6, top + 8, w - 66, 48, 48, 48));
                    g.setColor(p.secondary);
                    g.setStroke(new BasicStroke(1.6f));
                    g.draw(new Ellipse2D.Double(18, top + 21, 22, 22));
                    text(ui.whatsappPlaceholder(), placeholder, p.secondary, 52, top + 38);
                    g.setColor(p.accent);
                    g.fill(new Ellipse2D.Double(w - 54, top + 8, 48, 48));
                    micIcon(w - 30, top + 32, Color.WHITE);
                    homeIndicator(height);
                }
                case MAIL -> {
                    g.setColor(p.background);
                    g.fill(new Rectangle2D.Double(0, top, w, bottomBarHeight()));
                    Font button = font(false, 14);
                    double bw = (w - 44) / 2;
                    g.setColor(p.divider);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(new RoundRectangle2D.Double(16, top + 10, bw, 40, 40, 40));
                    g.draw(new RoundRectangle2D.Double(28 + bw, top + 10, bw, 40, 40, 40));
                    centered("\u21A9 " + ui.reply(), button, p.text, 16 + bw / 2, top + 35);
                    centered("\u21AA " + ui.forward(), button, p.text, 28 + bw * 1.5, top + 35);
                    homeIndicator(height);
                }
            }
        }

        // ---- pieces

        private List<String> bubbles() {
            List<String> out = new ArrayList<>();
            for (String part : sample.text().split("\n\n")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }

        private void statusBar(double height, Color color, boolean ios) {
            double base = ios ? height / 2 + 9 : height / 2 + 6;
            Font time = ios ? font(true, 15.5f) : font(false, 13.5f);
            text(clock.now(), time, color, ios ? 34 : 16, base);
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

        private void avatar(double x, double y, double d, boolean grey) {
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
                centered(initials, font(false, (float) (d * 0.4)), Color.WHITE, x + d / 2, y + d / 2 + d * 0.14);
            }
        }

        private void avatarLetter(double x, double y, double d, String name) {
            String initial = initials(name);
            g.setColor(AVATARS[Math.floorMod(name.hashCode(), AVATARS.length)]);
            g.fill(new Ellipse2D.Double(x, y, d, d));
            centered(initial.isEmpty() ? "?" : initial.substring(0, 1), font(false, (float) (d * 0.45)), Color.WHITE,
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

        private double qrBlock(double x, double y, double size, double radius) {
            g.setColor(Color.WHITE);
            g.fill(new RoundRectangle2D.Double(x, y, size + 16, size + 16, radius * 2, radius * 2));
            qr(x + 8, y + 8, size);
            return y + size + 16;
        }

        private void qr(double x, double y, double size) {
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

        private void chip(String label, Font font, double y, Color fill, Color color) {
            double cw = width(label, font) + 20;
            g.setColor(fill);
            g.fill(new RoundRectangle2D.Double((w - cw) / 2, y, cw, 24, 12, 12));
            centered(label, font, color, w / 2, y + 16.5);
        }

        private void arrow(double x, double cy, Color color) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(x, cy, x + 17, cy));
            g.draw(path(new double[][] {{x + 7, cy - 7}, {x, cy}, {x + 7, cy + 7}}));
        }

        private void dots(double x, double cy, Color color) {
            g.setColor(color);
            for (int i = -1; i <= 1; i++) {
                g.fill(new Ellipse2D.Double(x - 2, cy + i * 6 - 2, 4, 4));
            }
        }

        private void phoneIcon(double x, double cy, Color color) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D handset = new Path2D.Double();
            handset.moveTo(x - 7, cy - 9);
            handset.curveTo(x - 11, cy - 2, x - 2, cy + 9, x + 7, cy + 9);
            g.draw(handset);
            g.fill(new RoundRectangle2D.Double(x - 10, cy - 11, 6, 5, 2, 2));
            g.fill(new RoundRectangle2D.Double(x + 5, cy + 5, 5, 6, 2, 2));
        }

        private void videoIcon(double x, double cy, Color color) {
            g.setColor(color);
            g.fill(new RoundRectangle2D.Double(x - 10, cy - 7, 15, 14, 4, 4));
            g.fill(path(new double[][] {{x + 6, cy - 2}, {x + 12, cy - 6}, {x + 12, cy + 6}, {x + 6, cy + 2}}));
        }

        private void micIcon(double cx, double cy, Color color) {
            g.setColor(color);
            g.fill(new RoundRectangle2D.Double(cx - 3.5, cy - 10, 7, 13, 7, 7));
            g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(cx - 7, cy - 6, 14, 12, 180, 180, Arc2D.OPEN));
            g.draw(new Line2D.Double(cx, cy + 6, cx, cy + 9));
        }

        private void plus(double cx, double cy, Color color) {
            g.setColor(color);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(cx - 7, cy, cx + 7, cy));
            g.draw(new Line2D.Double(cx, cy - 7, cx, cy + 7));
        }

        private void homeIndicator(double height) {
            g.setColor(dark ? new Color(0xE0E0E0) : new Color(0x1A1A1A));
            double bw = iphone ? 134 : 108;
            g.fill(new RoundRectangle2D.Double((w - bw) / 2, height - 10, bw, iphone ? 5 : 4, 5, 5));
        }

        private static Path2D path(double[][] points) {
            Path2D path = new Path2D.Double();
            path.moveTo(points[0][0], points[0][1]);
            for (int i = 1; i < points.length; i++) {
                path.lineTo(points[i][0], points[i][1]);
            }
            return path;
        }

        // ---- text

        private static Font font(boolean bold, float size) {
            return (bold ? Fonts.BOLD : Fonts.REGULAR).deriveFont(size);
        }

        private double width(String text, Font font) {
            return font.getStringBounds(text, g.getFontRenderContext()).getWidth();
        }

        private double widest(List<String> lines, Font font) {
            double max = 0;
            for (String line : lines) {
                max = Math.max(max, width(line, font));
            }
            return max;
        }

        private void text(String text, Font font, Color color, double x, double baseline) {
            g.setFont(font);
            g.setColor(color);
            g.drawString(text, (float) x, (float) baseline);
        }

        private void centered(String text, Font font, Color color, double cx, double baseline) {
            text(text, font, color, cx - width(text, font) / 2, baseline);
        }

        private String ellipsize(String text, Font font, double max) {
            if (width(text, font) <= max) {
                return text;
            }
            String cut = text;
            while (cut.length() > 1 && width(cut + "\u2026", font) > max) {
                cut = cut.substring(0, cut.length() - 1);
            }
            return cut + "\u2026";
        }

        /** Lines of at most {@code max} points: words wrapped at spaces, a word too long for a line broken anywhere. */
        private List<String> wrap(String text, Font font, double max) {
            List<String> lines = new ArrayList<>();
            for (String paragraph : text.split("\n", -1)) {
                StringBuilder line = new StringBuilder();
                for (String word : paragraph.split(" ")) {
                    String candidate = line.length() == 0 ? word : line + " " + word;
                    if (width(candidate, font) <= max) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    String rest = word;
                    while (width(rest, font) > max) {
                        int cut = rest.length() - 1;
                        while (cut > 1 && width(rest.substring(0, cut), font) > max) {
                            cut--;
                        }
                        lines.add(rest.substring(0, cut));
                        rest = rest.substring(cut);
                    }
                    line.append(rest);
                }
                lines.add(line.toString());
            }
            return lines;
        }

        /** Draws lines word by word, links in {@code link} colour and, when asked, underlined as the app does. */
        private void drawLines(List<String> lines, Font font, double x, double baseline, double lineHeight, Color color,
                               Color link, boolean underline) {
            g.setFont(font);
            boolean inLink = false;
            for (int i = 0; i < lines.size(); i++) {
                double cx = x;
                double y = baseline + i * lineHeight;
                String[] words = lines.get(i).split(" ", -1);
                for (int k = 0; k < words.length; k++) {
                    String word = words[k];
                    String core = word.replaceAll("[.,;:!?)]+$", "");
                    boolean isLink = !core.contains("@") && LINK.matcher(core).matches();
                    // a link broken over lines stays a link: its continuation has no spaces and follows a link piece
                    if (inLink && k == 0 && !word.isEmpty()) {
                        isLink = true;
                    }
                    g.setColor(isLink ? link : color);
                    g.drawString(word, (float) cx, (float) y);
                    double ww = width(word, font);
                    if (isLink && underline) {
                        double cw = width(core.isEmpty() ? word : word.substring(0, Math.min(word.length(), core.length())), font);
                        g.fill(new Rectangle2D.Double(cx, y + 2, cw, 1));
                    }
                    inLink = isLink && k == words.length - 1 && core.equals(word);
                    cx += ww + width(" ", font);
                }
            }
        }

        private static String[] splitAddress(String sender) {
            int lt = sender.indexOf('<');
            if (lt > 0 && sender.endsWith(">")) {
                return new String[] {sender.substring(0, lt).strip(), sender.substring(lt + 1, sender.length() - 1)};
            }
            return new String[] {sender, ""};
        }
    }
}
