package com.scamscan.evaluation;

import java.awt.Color;

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
