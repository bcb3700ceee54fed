package com.scamscan.evaluation;

import java.util.List;
import java.util.Random;

/** A phone screen: pixels and points-to-pixels scale. */
record Device(int width, int height, double scale) {

    private static final List<Device> IPHONES = List.of(new Device(750, 1334, 2), new Device(828, 1792, 2),
            new Device(1170, 2532, 3));
    private static final List<Device> ANDROIDS = List.of(new Device(720, 1600, 2), new Device(1080, 2400, 2.625));

    /** The phone a sample is shown on: an iPhone for iOS Messages, an Android for the others, either for e-mail. */
    static Device of(Sample sample, Random random) {
        List<Device> choices = switch (sample.layout()) {
            case IOS_SMS -> IPHONES;
            case ANDROID_SMS, WHATSAPP -> ANDROIDS;
            case MAIL -> random.nextBoolean() ? IPHONES : ANDROIDS;
        };
        return choices.get(random.nextInt(choices.size()));
    }

    double points() {
        return width / scale;
    }

    boolean iphone() {
        return IPHONES.contains(this);
    }
}
