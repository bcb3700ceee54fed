package com.scamscan.api.agent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.text.PhoneRegion;
import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.progress.Entities;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneValidatorToolTest {

    private final PhoneValidatorTool tool = new PhoneValidatorTool();

    @Test
    void premiumRateNumberIsAStrongSignalWhereverTheRegionComesFrom() {
        assertEquals(List.of("+19005550199 is a premium-rate number: calling it costs money"), reasons("+19005550199", PhoneRegion.given("US")));
        List<Finding> found = tool.judge("+19005550199", new PhoneRegion("US", PhoneRegion.Source.DEFAULT, List.of()));
        assertEquals(35, found.get(0).weight());
        assertEquals(Finding.PHONE, found.get(0).topic());
    }

    @Test
    void aNumberFromAnotherCountryIsASignalWhenTheRegionWasGivenOrClearlyInferred() {
        assertEquals(List.of("+33612345678 is a number from France, not from your region (United States)"),
                reasons("+33612345678", PhoneRegion.given("US")));
        List<Finding> inferred = tool.judge("+2348031234567", new PhoneRegion("GB", PhoneRegion.Source.INFERRED, List.of()));
        assertEquals(List.of("+2348031234567 is a number from Nigeria, not from your region (United Kingdom)"),
                inferred.stream().map(Finding::reason).toList());
        assertEquals(15, inferred.get(0).weight());
        assertEquals(Finding.PHONE, inferred.get(0).topic());
    }

    @Test
    void aNumberFromAnotherCountryIsNoSignalWhenTheRegionIsOnlyTheDefaultOrAGuess() {
        assertEquals(List.of(), reasons("+33612345678", new PhoneRegion("US", PhoneRegion.Source.DEFAULT, List.of())));
        assertEquals(List.of(), reasons("+33612345678", new PhoneRegion("DE", PhoneRegion.Source.GUESSED, List.of())));
    }

    @Test
    void anInvalidNumberIsANoteNotEvidence() {
        List<Finding> found = tool.judge("+1200555", PhoneRegion.given("US"));
        assertEquals(List.of("Could not read the number +1200555 clearly, so it was not checked"),
                found.stream().map(Finding::reason).toList());
        assertTrue(found.get(0).isNote());
        assertEquals(Finding.PHONE, found.get(0).topic());
    }

    @Test
    void ordinaryLocalNumberHasNoFindings() {
        assertEquals(List.of(), reasons("+12025550147", PhoneRegion.given("US")));
        assertEquals(List.of(), reasons("+14165550123", PhoneRegion.given("US")), "Canada shares +1 with the US");
        assertEquals(List.of(), reasons("+447911123456", PhoneRegion.given("GB")));
    }

    @Test
    void numbersThatCouldNotBeReadAreReportedAsNotes() {
        Analysis analysis = new Analysis("t1", new ScanInput(new byte[0], ImageType.PNG, "", "GB"));
        analysis.phoneRegion(PhoneRegion.given("GB"));
        analysis.entities(new Entities(List.of(), List.of(), List.of(), List.of("+447911123456")));
        analysis.unreadableNumbers(List.of("0791 23"));
        assertEquals("No warning signs on 1 number", tool.run(analysis));
        assertEquals(List.of(new Finding("phone_validator", 0, "Could not read the number 0791 23 clearly, so it was not checked", Finding.PHONE)),
                analysis.findings());
    }

    private List<String> reasons(String e164, PhoneRegion region) {
        return tool.judge(e164, region).stream().map(Finding::reason).toList();
    }
}
