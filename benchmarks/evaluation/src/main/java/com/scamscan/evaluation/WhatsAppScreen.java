package com.scamscan.evaluation;

import static com.scamscan.evaluation.Typesetter.font;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * WhatsApp: the coloured header with the contact, the date chip and the encryption notice, bubbles with their time
 * (inline when the last line leaves room), a tail on the first, the message field and microphone button.
 */
final class WhatsAppScreen extends Screen {

    WhatsAppScreen(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui) {
        super(g, sample, device, palette, clock, ui, 15.5f, 13.5f);
    }

    @Override
    double content() {
        double status = 28;
        double header = status + 58;
        g.setColor(p.bar());
        g.fill(new Rectangle2D.Double(0, 0, w, header));
        chrome.statusBar(status, p.barText(), false);
        double cy = status + 29;
        icons.arrow(12, cy, p.barText());
        chrome.avatar(40, cy - 19, 38, true);
        type.text(type.ellipsize(sample.sender(), font(false, 18), w - 232), font(false, 18), p.barText(), 88, cy + 6);
        icons.videoIcon(w - 118, cy, p.barText());
        icons.phoneIcon(w - 68, cy, p.barText());
        icons.dots(w - 20, cy, p.barText());
        double y = header + 12;
        Font chipFont = font(false, 12);
        chrome.chip(ui.today().toUpperCase(Locale.ROOT), chipFont, y, dark ? new Color(0x182229) : Color.WHITE,
                p.secondary());
        y += 34;
        List<String> notice = type.wrap(ui.encrypted(), font(false, 11.5f), Math.min(w - 80, 300));
        double nh = notice.size() * 15 + 12;
        double nw = type.widest(notice, font(false, 11.5f)) + 20;
        g.setColor(p.chip());
        g.fill(new RoundRectangle2D.Double((w - nw) / 2, y, nw, nh, 14, 14));
        for (int i = 0; i < notice.size(); i++) {
            type.centered(notice.get(i), font(false, 11.5f), p.chipText(), w / 2, y + 18 + i * 15);
        }
        y += nh + 12;
        Font body = font(false, textSize);
        Font time = font(false, 11);
        double maxInner = w * 0.8 - 20;
        if (sample.qr().isPresent()) {
            g.setColor(p.bubble());
            g.fill(new RoundRectangle2D.Double(12, y, 212, 230, 14, 14));
            chrome.qr(18, y + 6, 200);
            type.text(clock.received(), time, p.secondary(), 224 - 6 - type.width(clock.received(), time), y + 224);
            y += 236;
        }
        List<String> bubbles = bubbles();
        for (int i = 0; i < bubbles.size(); i++) {
            List<String> lines = type.wrap(bubbles.get(i), body, maxInner);
            double lh = textSize * 1.35;
            double stamp = type.width(clock.received(), time) + 10;
            double last = type.width(lines.get(lines.size() - 1), body);
            boolean inline = last + stamp <= maxInner;
            double bw = Math.max(type.widest(lines, body), inline ? last + stamp : 0) + 18;
            double bh = lines.size() * lh + 12 + (inline ? 2 : 14);
            g.setColor(p.bubble());
            g.fill(new RoundRectangle2D.Double(12, y, bw, bh, 14, 14));
            if (i == 0) {
                Path2D tail = new Path2D.Double();
                tail.moveTo(18, y);
                tail.lineTo(4, y);
                tail.lineTo(16, y + 12);
                tail.closePath();
                g.fill(tail);
            }
            type.drawLines(lines, body, 21, y + 6 + textSize, lh, p.bubbleText(), p.link(), false);
            type.text(clock.received(), time, p.secondary(), 12 + bw - 8 - type.width(clock.received(), time), y + bh - 6);
            y += bh + 4;
        }
        return y;
    }

    @Override
    double bottomBarHeight() {
        return 76;
    }

    @Override
    void bottomBar(double top, double height) {
        Font placeholder = placeholderFont();
        g.setColor(p.bubble());
        g.fill(new RoundRectangle2D.Double(6, top + 8, w - 66, 48, 48, 48));
        g.setColor(p.secondary());
        g.setStroke(new BasicStroke(1.6f));
        g.draw(new Ellipse2D.Double(18, top + 21, 22, 22));
        type.text(ui.whatsappPlaceholder(), placeholder, p.secondary(), 52, top + 38);
        disc(p.accent(), w - 54, top + 8, 48);
        icons.micIcon(w - 30, top + 32, Color.WHITE);
        chrome.homeIndicator(height);
    }
}
