package com.scamscan.progress;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The analysis outcome a person sees. */
@io.micronaut.serde.annotation.Serdeable
public enum VerdictLabel {
    SCAM("scam"),
    SUSPICIOUS("suspicious"),
    LIKELY_SAFE("likely_safe");

    private final String wireName;

    VerdictLabel(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static VerdictLabel fromWireName(String wireName) {
        for (VerdictLabel label : values()) {
            if (label.wireName.equals(wireName)) {
                return label;
            }
        }
        throw new IllegalArgumentException("unknown verdict: " + wireName);
    }
}
