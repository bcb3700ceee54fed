package com.scamscan.evaluation;

import static com.scamscan.evaluation.Icons.path;
import static com.scamscan.evaluation.Typesetter.font;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/**
 * An e-mail app's message view: toolbar, subject, the inbox label, the sender's letter avatar, name, address and
 * "to me", the body's paragraphs (links underlined), an inline QR image, and Reply/Forward buttons.
 */
final class MailScreen extends Screen {

    MailScreen(Graphics2D g, Sample sample, Device device, Palette palette, PhoneClock clock, UiText ui) {
        super(g, sample, device, palette, clock, ui, 15f, 13f);
    }

    @Override
    double content() {
        double status = iphone ? 47 : 30;
        chrome.statusBar(status, p.text(), iphone);
        double cy = status + 28;
        icons.arrow(16, cy, p.text());
        g.setColor(p.text());
        g.setStroke(new BasicStroke(1.6f));
        g.draw(new Rectangle2D.Double(w - 164, cy - 8, 18, 16));
        g.draw(new Line2D.Double(w - 164, cy - 3, w - 146, cy - 3));
        g.draw(new Rectangle2D.Double(w - 120, cy - 9, 15, 18));
        g.draw(new Line2D.Double(w - 123, cy - 9, w - 102, cy - 9));
        g.draw(new Rectangle2D.Double(w - 78, cy - 7, 20, 14));
        g.draw(path(new double[][] {{w - 78, cy - 7}, {w - 68, cy + 1}, {w - 58, cy - 7}}));
        icons.dots(w - 22, cy, p.text());
        double y = status + 66;
        Font subjectFont = font(false, 21);
        for (String line : type.wrap(sample.subject().orElseThrow(), subjectFont, w - 32)) {
            type.text(line, subjectFont, p.text(), 16, y + 21);
            y += 28;
        }
        Font chipFont = font(false, 12);
        double cw = type.width(ui.inbox(), chipFont) + 14;
        g.setColor(p.chip());
        g.fill(new RoundRectangle2D.Double(16, y + 4, cw, 20, 6, 6));
        type.text(ui.inbox(), chipFont, p.chipText(), 23, y + 18.5);
        y += 40;
        String[] from = splitAddress(sample.sender());
        chrome.avatarLetter(16, y, 40, from[0]);
        Font nameFont = font(true, 15);
        type.text(type.ellipsize(from[0], nameFont, w - 140), nameFont, p.text(), 68, y + 15);
        Font small = font(false, 12.5f);
        type.text(clock.received(), small, p.secondary(), w - 16 - type.width(clock.received(), small), y + 15);
        double line2 = y + 32;
        if (!from[1].isEmpty()) {
            type.text(type.ellipsize(from[1], small, w - 90), small, p.secondary(), 68, line2);
            line2 += 17;
        }
        type.text(ui.toMe() + " \u25BE", small, p.secondary(), 68, line2);
        y = line2 + 26;
        Font body = font(false, textSize);
        double lh = textSize * 1.45;
        for (String paragraph : sample.text().split("\n\n")) {
            List<String> lines = type.wrap(paragraph, body, w - 32);
            type.drawLines(lines, body, 16, y + textSize, lh, p.text(), p.link(), true);
            y += lines.size() * lh + lh * 0.6;
        }
        if (sample.qr().isPresent()) {
            chrome.qr(16, y, 180);
            y += 192;
        }
        return y;
    }

    @Override
    double bottomBarHeight() {
        return iphone ? 96 : 80;
    }

    @Override
    void bottomBar(double top, double height) {
        clearBottomBar(top);
        Font button = font(false, 14);
        double bw = (w - 44) / 2;
        g.setColor(p.divider());
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(16, top + 10, bw, 40, 40, 40));
        g.draw(new RoundRectangle2D.Double(28 + bw, top + 10, bw, 40, 40, 40));
        type.centered("\u21A9 " + ui.reply(), button, p.text(), 16 + bw / 2, top + 35);
        type.centered("\u21AA " + ui.forward(), button, p.text(), 28 + bw * 1.5, top + 35);
        chrome.homeIndicator(height);
    }

    private static String[] splitAddress(String sender) {
        int lt = sender.indexOf('<');
        if (lt > 0 && sender.endsWith(">")) {
            return new String[] {sender.substring(0, lt).strip(), sender.substring(lt + 1, sender.length() - 1)};
        }
        return new String[] {sender, ""};
    }
}
