package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LookalikesTest {

    @Test
    void ocrAndTyposquattingSubstitutionsFoldToTheBrand() {
        assertEquals("PayPal", Lookalikes.lookalikeOf("paypa1").orElseThrow().name());
        assertEquals("PayPal", Lookalikes.lookalikeOf("PAYPAL").orElseThrow().name());
        assertEquals("Amazon", Lookalikes.lookalikeOf("amaz0n").orElseThrow().name());
        assertEquals("Microsoft", Lookalikes.lookalikeOf("rnicrosoft").orElseThrow().name());
        assertEquals("Netflix", Lookalikes.lookalikeOf("netf1ix").orElseThrow().name());
        assertTrue(Lookalikes.lookalikeOf("paypals").isEmpty());
    }

    @Test
    void brandNamesInsideOtherNames() {
        assertEquals("USPS", Lookalikes.brandInside("usps-redelivery").orElseThrow().name());
        assertEquals("PayPal", Lookalikes.brandInside("paypalsecure").orElseThrow().name());
        assertTrue(Lookalikes.brandInside("groups").isEmpty(), "short brand names match only whole words");
        assertTrue(Lookalikes.brandInside("dinner").isEmpty());
    }

    @Test
    void officialDomainsAreKnown() {
        assertEquals("Apple", Lookalikes.officialBrandOf("icloud.com").orElseThrow().name());
        assertTrue(Lookalikes.officialBrandOf("paypa1.com").isEmpty());
    }
}
