package com.scamscan.evaluation;

import static com.scamscan.evaluation.Icons.path;
import static com.scamscan.evaluation.Typesetter.font;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/**
 * iOS Messages: the grey header with the sender's avatar and name, the "Text Message" and date line, grey bubbles
 * with a tail under the last, the round input field.
 */
final class IosMessagesScreen extends Screen {

    IosMessagesScreen(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui) {
        super(g, sample, device, palette, clock, ui, 16.5f, 14.5f);
    }

    @Override
    double content() {
        double status = w > 380 ? 47 : 20;
        double headerBottom = status + 92;
        g.setColor(p.bar());
        g.fill(new Rectangle2D.Double(0, 0, w, headerBottom));
        chrome.statusBar(status, p.text(), true);
        double cy = status + 30;
        g.setColor(p.accent());
        g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path(new double[][] {{20, cy - 10}, {11, cy}, {20, cy + 10}}));
        type.text("" + (3 + Math.floorMod(sample.id().hashCode(), 40)), font(false, 17), p.accent(), 26, cy + 6);
        chrome.avatar(w / 2 - 25, status + 4, 50, true);
        Font name = font(false, 11.5f);
        String label = sample.sender() + "  \u203A";
        type.centered(label, name, p.text(), w / 2, status + 72);
        g.setColor(p.divider());
        g.fill(new Rectangle2D.Double(0, headerBottom - 0.5, w, 0.5));
        double y = headerBottom + 20;
        type.centered(ui.iosTextMessage(), font(false, 11.5f), p.secondary(), w / 2, y);
        type.centered(ui.today() + " " + clock.received(), font(false, 11.5f), p.secondary(), w / 2, y + 15);
        y += 32;
        Font body = font(false, textSize);
        double maxInner = w * 0.72 - 24;
        if (sample.qr().isPresent()) {
            y = chrome.qrBlock(16, y, 200, 18) + 6;
        }
        List<String> bubbles = bubbles();
        for (int i = 0; i < bubbles.size(); i++) {
            List<String> lines = type.wrap(bubbles.get(i), body, maxInner);
            double lh = textSize * 1.3;
            double bw = type.widest(lines, body) + 24;
            double bh = lines.size() * lh + 15;
            g.setColor(p.bubble());
            g.fill(new RoundRectangle2D.Double(16, y, bw, bh, 36, 36));
            if (i == bubbles.size() - 1) {
                Path2D tail = new Path2D.Double();
                tail.moveTo(22, y + bh - 14);
                tail.curveTo(20, y + bh - 3, 14, y + bh, 9, y + bh + 1);
                tail.curveTo(17, y + bh + 2, 25, y + bh - 1, 30, y + bh - 5);
                tail.closePath();
                g.fill(tail);
            }
            type.drawLines(lines, body, 28, y + 7.5 + textSize, lh, p.bubbleText(), p.link(), true);
            y += bh + 3;
        }
        return y;
    }

    @Override
    double bottomBarHeight() {
        return 86;
    }

    @Override
    void bottomBar(double top, double height) {
        Font placeholder = placeholderFont();
        clearBottomBar(top);
        disc(p.chip(), 12, top + 10, 34);
        icons.plus(29, top + 27, p.secondary());
        g.setColor(p.divider());
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(56, top + 9, w - 68, 36, 36, 36));
        type.text(ui.iosTextMessage(), placeholder, p.secondary(), 70, top + 33);
        chrome.homeIndicator(height);
    }
}
