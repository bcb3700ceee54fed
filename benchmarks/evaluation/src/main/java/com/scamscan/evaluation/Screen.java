package com.scamscan.evaluation;

import static com.scamscan.evaluation.Typesetter.font;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * One app's screen being drawn, in points: the conversation from the top ({@link #content()}, which returns where it
 * ends) and, once the screenshot's height is known, the bar at the bottom. One subclass per app; they share the
 * text ({@link Typesetter}), the icons ({@link Icons}) and what surrounds every message ({@link Chrome}).
 */
abstract class Screen {

    final Graphics2D g;
    final Sample sample;
    final Palette p;
    final PhoneClock clock;
    final UiText ui;
    final double w;
    final boolean iphone;
    final boolean dark;
    /** The message's font size: the app's, at the phone's text size. */
    final float textSize;
    final Typesetter type;
    final Icons icons;
    final Chrome chrome;

    Screen(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui, float normalText,
           float smallText) {
        this.g = g;
        this.sample = sample;
        this.p = palette;
        this.clock = clock;
        this.ui = ui;
        this.w = device.points();
        this.iphone = device.iphone();
        this.dark = sample.theme() == Sample.Theme.DARK;
        this.textSize = sample.size() == Sample.TextSize.SMALL ? smallText : normalText;
        this.type = new Typesetter(g);
        this.icons = new Icons(g);
        this.chrome = new Chrome(g, type, sample, clock, device);
    }

    /** The screen of the sample's app. */
    static Screen of(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui) {
        return switch (sample.layout()) {
            case IOS_SMS -> new IosMessagesScreen(g, sample, device, palette, clock, ui);
            case ANDROID_SMS -> new GoogleMessagesScreen(g, sample, device, palette, clock, ui);
            case WHATSAPP -> new WhatsAppScreen(g, sample, device, palette, clock, ui);
            case MAIL -> new MailScreen(g, sample, device, palette, clock, ui);
        };
    }

    /** Draws everything above the bottom bar; returns the y where it ends. */
    abstract double content();

    abstract double bottomBarHeight();

    /** Draws the bottom bar (input field or buttons, home indicator) of a screenshot {@code height} points tall. */
    void bottomBar(double height) {
        bottomBar(height - bottomBarHeight(), height);
    }

    abstract void bottomBar(double top, double height);

    /** Fills the bottom bar's area with the background. */
    void clearBottomBar(double top) {
        g.setColor(p.background());
        g.fill(new Rectangle2D.Double(0, top, w, bottomBarHeight()));
    }

    /** A filled circle of diameter {@code d} with its bounding box's corner at ({@code x}, {@code y}). */
    void disc(Color color, double x, double y, double d) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(x, y, d, d));
    }

    /** The font of an input field's placeholder. */
    static Font placeholderFont() {
        return font(false, 16.5f);
    }

    /** The message's bubbles: a blank line starts a new one. */
    List<String> bubbles() {
        List<String> out = new ArrayList<>();
        for (String part : sample.text().split("\n\n")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
