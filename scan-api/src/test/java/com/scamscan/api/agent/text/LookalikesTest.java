package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.links.Brand;
import com.scamscan.api.agent.links.Brands;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookalikesTest {

    private static Brand brand(String id) {
        return Brands.standard().all().stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void ocrAndTyposquattingSubstitutionsFoldToTheBrand() {
        assertEquals("PayPal", Lookalikes.lookalikeOf("paypa1").orElseThrow().name());
        assertEquals("PayPal", Lookalikes.lookalikeOf("PAYPAL").orElseThrow().name());
        assertEquals("Amazon", Lookalikes.lookalikeOf("amaz0n").orElseThrow().name());
        assertEquals("Microsoft", Lookalikes.lookalikeOf("rnicrosoft").orElseThrow().name());
        assertEquals("Netflix", Lookalikes.lookalikeOf("netf1ix").orElseThrow().name());
        assertEquals(Lookalikes.Kind.LOOKALIKE_LETTERS, Lookalikes.lookalike("paypa1", List.of()).orElseThrow().kind());
    }

    @Test
    void lettersOfOtherAlphabetsAreSeenThrough() {
        // xn--pypal-4ve is "pаypal" with a Cyrillic а
        Lookalikes.Match match = Lookalikes.lookalike("xn--pypal-4ve", List.of()).orElseThrow();
        assertEquals("PayPal", match.brand().name());
        assertEquals(Lookalikes.Kind.OTHER_ALPHABET, match.kind());
        assertEquals("paypal", Lookalikes.skeleton("xn--pypal-4ve"));
    }

    @Test
    void misspellingsOfLongNamesCountOnTheirOwn() {
        Lookalikes.Match match = Lookalikes.lookalike("wellsfarqo", List.of()).orElseThrow();
        assertEquals("Wells Fargo", match.brand().name());
        assertEquals(Lookalikes.Kind.MISSPELLED, match.kind());
        assertEquals("Barclays", Lookalikes.lookalikeOf("barclasy").orElseThrow().name(), "a swap of neighbours is one edit");
        assertEquals("Facebook", Lookalikes.lookalikeOf("faceb00k").orElseThrow().name());
    }

    @Test
    void misspellingsOfShorterNamesCountOnlyWhenTheMessageNamesTheBrand() {
        assertTrue(Lookalikes.lookalikeOf("paypals").isEmpty());
        assertTrue(Lookalikes.lookalikeOf("amazom").isEmpty());
        assertEquals("Amazon", Lookalikes.lookalike("amazom", List.of(brand("amazon"))).orElseThrow().brand().name());
    }

    @Test
    void realWordsAreNotLookalikes() {
        for (String word : List.of("apply", "chasse", "amazonia", "evrim", "upstairs", "groups", "dinner", "finance",
                "telecom", "orange", "apple", "delivery", "redelivery", "example", "wiseguys", "skyline")) {
            assertTrue(Lookalikes.lookalikeOf(word).isEmpty(), word + " is not a lookalike");
            assertTrue(Lookalikes.brandInside(word).isEmpty(), word + " does not hold a brand");
        }
        assertTrue(Lookalikes.brandInside("apple-recipes").isEmpty(), "an ordinary word as a brand needs the brand named");
        assertTrue(Lookalikes.brandInside("ups-and-downs").isEmpty(), "a short brand name needs a scam word next to it");
    }

    @Test
    void shortBrandNamesMatchOnlyAsWholeWords() {
        assertEquals("UPS", Lookalikes.brandInside("ups-tracking").orElseThrow().name());
        assertEquals("EE", Lookalikes.brandInside("ee-billing-update").orElseThrow().name());
        assertTrue(Lookalikes.brandInside("upstracking").isEmpty(), "ups inside a word is not UPS");
        assertTrue(Lookalikes.brandInside("seebilling").isEmpty());
        assertTrue(Lookalikes.lookalikeOf("ups").isEmpty(), "a short name alone is no lookalike unless the message names the brand");
        assertEquals("UPS", Lookalikes.lookalike("ups", List.of(brand("ups"))).orElseThrow().brand().name());
    }

    @Test
    void brandNamesNextToScamWords() {
        assertEquals("USPS", Lookalikes.brandInside("usps-redelivery").orElseThrow().name());
        assertEquals("PayPal", Lookalikes.brandInside("paypalsecure").orElseThrow().name());
        assertEquals("Evri", Lookalikes.brandInside("evri-parcel-redelivery").orElseThrow().name());
        assertEquals("Royal Mail", Lookalikes.brandInside("royalmail-redelivery-uk").orElseThrow().name());
        assertEquals("HMRC", Lookalikes.brandInside("hmrc-taxrefund").orElseThrow().name());
        assertEquals("Apple", Lookalikes.nameInside("apple-recipes", List.of(brand("apple"))).orElseThrow().brand().name(),
                "with Apple named, an apple domain is suspect");
    }

    @Test
    void officialDomainsAreKnownIncludingSubdomains() {
        assertEquals("Apple", Lookalikes.officialBrandOf("icloud.com").orElseThrow().name());
        assertEquals("HMRC", Lookalikes.officialBrandOf("www.tax.service.gov.uk").orElseThrow().name());
        assertEquals("PayPal", Lookalikes.officialBrandOf("www.paypal.com").orElseThrow().name());
        assertTrue(Lookalikes.officialBrandOf("paypa1.com").isEmpty());
        assertTrue(Lookalikes.officialBrandOf("paypal.com.evil.xyz").isEmpty());
    }

    @Test
    void damerauLevenshteinDistance() {
        assertEquals(0, Lookalikes.distance("paypal", "paypal"));
        assertEquals(1, Lookalikes.distance("paypal", "paypall"));
        assertEquals(1, Lookalikes.distance("amazon", "amzaon"));
        assertEquals(2, Lookalikes.distance("amazon", "amazonia"));
        assertEquals(3, Lookalikes.distance("kitten", "sitting"));
    }
}
