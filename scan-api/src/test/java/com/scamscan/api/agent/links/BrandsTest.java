package com.scamscan.api.agent.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InternetDomainName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrandsTest {

    private final Brands brands = Brands.standard();

    @Test
    void brandsFileLoadsAndEveryEntryIsWellFormed() {
        List<Brand> all = brands.all();
        assertTrue(all.size() >= 150, "only " + all.size() + " brands");
        Set<String> ids = new HashSet<>();
        for (Brand brand : all) {
            assertTrue(ids.add(brand.id()), "duplicate id " + brand.id());
            assertTrue(brand.id().matches("[a-z0-9]+"), brand.id());
            assertFalse(brand.names().isEmpty(), brand.id() + " has no name");
            assertFalse(brand.keys().isEmpty(), brand.id() + " has no key");
            assertFalse(brand.name().isBlank(), brand.id());
            assertTrue(Set.of("bank", "payment", "parcel", "government", "toll", "tech", "streaming", "retail", "marketplace",
                    "crypto", "telecom", "travel", "security", "messaging").contains(brand.category()), brand.id() + ": " + brand.category());
            assertTrue(brand.country().matches("[A-Z]{2}|INT"), brand.id() + ": " + brand.country());
            for (String domain : brand.domains()) {
                assertTrue(InternetDomainName.isValid(domain), brand.id() + ": " + domain + " is not a domain name");
                InternetDomainName name = InternetDomainName.from(domain);
                assertTrue(name.isUnderPublicSuffix() && name.isTopPrivateDomain(),
                        brand.id() + ": " + domain + " is not a registrable domain under a public suffix");
            }
        }
    }

    @Test
    void shortenersFileLoads() {
        assertTrue(Shorteners.all().size() >= 30, Shorteners.all().toString());
        for (String host : List.of("bit.ly", "tinyurl.com", "t.co", "is.gd", "cutt.ly", "rb.gy", "shorturl.at", "t.ly", "ow.ly",
                "tiny.cc", "s.id", "goo.gl", "rebrand.ly", "bl.ink", "short.io", "lnkd.in", "surl.li")) {
            assertTrue(Shorteners.isShortener(host), host);
        }
        for (String host : Shorteners.all()) {
            assertTrue(InternetDomainName.isValid(host) && InternetDomainName.from(host).isUnderPublicSuffix(), host);
        }
        assertFalse(Shorteners.isShortener("example.com"));
    }

    @Test
    void namesAreFoundAsWholeWordsAndShortOnesOnlyAsWritten() {
        assertEquals(List.of("evri"), ids(brands.namedIn("Evri: we missed you. Pay the fee today")));
        assertEquals(List.of("royalmail", "hmrc"), ids(brands.namedIn("Royal  Mail and then HMRC")), "order of first mention");
        assertEquals(List.of("ups"), ids(brands.namedIn("UPS: your parcel is held")));
        assertEquals(List.of(), ids(brands.namedIn("we had our ups and downs in the upstairs room")));
        assertEquals(List.of(), ids(brands.namedIn("an apple a day, three days, an orange")));
        assertEquals(List.of("apple"), ids(brands.namedIn("Your Apple ID was locked")));
        assertEquals(List.of("agenciatributaria"), ids(brands.namedIn("AGENCIA TRIBUTARIA: tiene un reembolso pendiente")));
        assertEquals(List.of("creditagricole"), ids(brands.namedIn("Crédit Agricole: votre compte")));
        assertEquals(List.of("ee"), ids(brands.namedIn("EE: your bill")));
        assertEquals(List.of(), ids(brands.namedIn("see the free tree")));
    }

    @Test
    void ownersOfDomainsAndTheirSubdomains() {
        assertEquals("evri", brands.owner("www.evri.com").orElseThrow().id());
        assertEquals("hmrc", brands.owner("www.gov.uk").orElseThrow().id());
        assertTrue(brands.owner("evri.com.example.net").isEmpty());
        assertTrue(brands.owner("notevri.com").isEmpty());
    }

    @Test
    void malformedLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Brands.parse(List.of("a\tA\tA\ta.com\tbank")));
        assertThrows(IllegalArgumentException.class, () -> Brands.parse(List.of("a\tA\t\ta.com\tbank\tGB")));
        assertEquals(1, Brands.parse(List.of("# c", "", "a\tA\tAye|=Bee\ta.com\tbank\tGB")).all().size());
    }

    private static List<String> ids(List<Brand> found) {
        return found.stream().map(Brand::id).toList();
    }
}
