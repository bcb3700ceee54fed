package com.scamscan.evaluation;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws a {@link Sample} as a phone screenshot with Java2D: status bar, the app's header with the sender, the
 * message as iOS Messages, Google Messages or WhatsApp draw it (or an e-mail app's message view), light or dark,
 * normal or small text, then the sample's damage. Everything is drawn in points and scaled to the device's pixels.
 * The same sample always gives the same bytes (the choices are seeded by its id).
 *
 * <p>The parts: {@link Device} (the phone), {@link Palette} and {@link PhoneClock}, one {@link Screen} per app
 * drawing with {@link Typesetter}, {@link Icons} and {@link Chrome}, then {@link DamageEffects}.
 */
public final class Renderer {

    private static final int MAX_CANVAS = 9000;

    private Renderer() {
    }

    /** The sample's screenshot, damaged as the sample says. */
    public static Screenshot render(Sample sample) {
        BufferedImage image = draw(sample);
        return DamageEffects.apply(image, sample);
    }

    /** The undamaged picture. */
    static BufferedImage draw(Sample sample) {
        Random random = new Random(sample.id().hashCode());
        Device device = Device.of(sample, random);
        Palette palette = Palette.of(sample.layout(), sample.theme());
        BufferedImage canvas = new BufferedImage(device.width(), MAX_CANVAS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(canvas, device);
        g.setColor(palette.background());
        g.fill(new Rectangle2D.Double(0, 0, device.points(), MAX_CANVAS / device.scale()));
        PhoneClock clock = new PhoneClock(7 + random.nextInt(15), random.nextInt(60), sample.region().equals("US"));
        Screen page = Screen.of(g, sample, device, palette, clock, UiText.of(sample.language()));
        double end = page.content();
        g.dispose();
        double bottomBar = page.bottomBarHeight();
        int height = (int) Math.min(MAX_CANVAS, Math.max(device.height(), Math.ceil((end + bottomBar + 16) * device.scale())));
        BufferedImage screen = new BufferedImage(device.width(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D s = screen.createGraphics();
        s.drawImage(canvas, 0, 0, null);
        s.dispose();
        Graphics2D bottom = graphics(screen, device);
        Screen.of(bottom, sample, device, palette, clock, UiText.of(sample.language())).bottomBar(height / device.scale());
        bottom.dispose();
        return screen;
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
}
