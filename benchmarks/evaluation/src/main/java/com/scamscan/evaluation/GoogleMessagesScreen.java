package com.scamscan.evaluation;

import static com.scamscan.evaluation.Typesetter.font;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/**
 * Google Messages: the top bar with the sender, the date line, rounded bubbles beside the sender's avatar, the
 * time and "SMS" stamp under the last, the input field between the plus and microphone buttons.
 */
final class GoogleMessagesScreen extends Screen {

    GoogleMessagesScreen(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui) {
        super(g, sample, device, palette, clock, ui, 15.5f, 13.5f);
    }

    @Override
    double content() {
        double status = 30;
        chrome.statusBar(status, p.text(), false);
        double bar = status + 64;
        double cy = status + 32;
        icons.arrow(16, cy, p.text());
        chrome.avatar(52, cy - 20, 40, false);
        type.text(type.ellipsize(sample.sender(), font(false, 19), w - 170), font(false, 19), p.text(), 102, cy + 7);
        icons.phoneIcon(w - 76, cy, p.text());
        icons.dots(w - 22, cy, p.text());
        double y = bar + 18;
        type.centered(ui.today() + " \u00B7 " + clock.received(), font(false, 12), p.secondary(), w / 2, y);
        y += 18;
        Font body = font(false, textSize);
        double left = 60;
        double maxInner = w * 0.74 - 32;
        if (sample.qr().isPresent()) {
            y = chrome.qrBlock(left, y, 200, 20) + 4;
        }
        List<String> bubbles = bubbles();
        double lastBottom = y;
        for (String bubble : bubbles) {
            List<String> lines = type.wrap(bubble, body, maxInner);
            double lh = textSize * 1.35;
            double bw = type.widest(lines, body) + 32;
            double bh = lines.size() * lh + 22;
            g.setColor(p.bubble());
            g.fill(new RoundRectangle2D.Double(left, y, bw, bh, 40, 40));
            type.drawLines(lines, body, left + 16, y + 11 + textSize, lh, p.bubbleText(), p.bubbleText(), true);
            lastBottom = y + bh;
            y += bh + 3;
        }
        chrome.avatar(16, lastBottom - 32, 32, false);
        type.text(clock.received() + " \u00B7 SMS", font(false, 11.5f), p.secondary(), left + 4, lastBottom + 16);
        return lastBottom + 24;
    }

    @Override
    double bottomBarHeight() {
        return 76;
    }

    @Override
    void bottomBar(double top, double height) {
        Font placeholder = placeholderFont();
        clearBottomBar(top);
        disc(p.chip(), 10, top + 10, 40);
        icons.plus(30, top + 30, p.text());
        g.setColor(p.chip());
        g.fill(new RoundRectangle2D.Double(58, top + 6, w - 116, 48, 48, 48));
        type.text(ui.androidPlaceholder(), placeholder, p.secondary(), 76, top + 36);
        disc(p.chip(), w - 52, top + 8, 44);
        icons.micIcon(w - 30, top + 30, p.text());
        chrome.homeIndicator(height);
    }
}
