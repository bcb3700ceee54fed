package com.scamscan.evaluation;

import java.util.Locale;

/** The phone's clock: the status bar shows {@code now}; the message came a few minutes earlier. */
record PhoneClock(int hour, int minute, boolean twelveHour) {
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
