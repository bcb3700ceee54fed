package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.api.agent.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneValidatorToolTest {

    private final PhoneValidatorTool tool = new PhoneValidatorTool();

    @Test
    void premiumRateNumber() {
        assertEquals(List.of("+19005550199 is a premium-rate number: calling it costs money"), reasons("+19005550199", "US"));
    }

    @Test
    void foreignNumber() {
        assertEquals(List.of("+33612345678 is a number from France, not from your region (US)"), reasons("+33612345678", "US"));
    }

    @Test
    void invalidNumber() {
        assertEquals(List.of("+1200555 is not a valid phone number"), reasons("+1200555", "US"));
    }

    @Test
    void ordinaryLocalNumberHasNoFindings() {
        assertEquals(List.of(), reasons("+12025550147", "US"));
        assertEquals(List.of(), reasons("+14165550123", "US"), "Canada shares +1 with the US");
    }

    private List<String> reasons(String e164, String region) {
        return tool.judge(e164, region).stream().map(Finding::reason).toList();
    }
}
