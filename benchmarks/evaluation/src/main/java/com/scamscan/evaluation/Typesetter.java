package com.scamscan.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Text on a screenshot: the DejaVu faces at a size, measuring, wrapping to a width, ellipsizing, and drawing lines
 * word by word with links in the app's link colour.
 */
final class Typesetter {

    private static final Pattern LINK = Pattern.compile(
            "(?i)(https?://\\S+|www\\.\\S+|[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}(/\\S*)?)");

    private final Graphics2D g;

    Typesetter(Graphics2D g) {
        this.g = g;
    }

    static Font font(boolean bold, float size) {
        return (bold ? Fonts.BOLD : Fonts.REGULAR).deriveFont(size);
    }

    double width(String text, Font font) {
        return font.getStringBounds(text, g.getFontRenderContext()).getWidth();
    }

    double widest(List<String> lines, Font font) {
        double max = 0;
        for (String line : lines) {
            max = Math.max(max, width(line, font));
        }
        return max;
    }

    void text(String text, Font font, Color color, double x, double baseline) {
        g.setFont(font);
        g.setColor(color);
        g.drawString(text, (float) x, (float) baseline);
    }

    void centered(String text, Font font, Color color, double cx, double baseline) {
        text(text, font, color, cx - width(text, font) / 2, baseline);
    }

    String ellipsize(String text, Font font, double max) {
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
    List<String> wrap(String text, Font font, double max) {
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
    void drawLines(List<String> lines, Font font, double x, double baseline, double lineHeight, Color color,
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
}
