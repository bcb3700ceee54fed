package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.progress.Entities;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityExtractorTest {

    @Test
    void findsEveryKindOfEntityInAnSms() {
        Entities found = EntityExtractor.extract("""
                USPS: Your package is on hold. Pay the $1.99 fee at https://usps-redelivery.top/pay?id=77.
                Questions? Mail support@usps-help.net or call (900) 555-0199.
                Also see www.example.com and paypa1.com/login""", "US");
        assertEquals(List.of("https://usps-redelivery.top/pay?id=77", "www.example.com", "paypa1.com/login"), found.urls());
        assertEquals(List.of("usps-help.net", "usps-redelivery.top", "www.example.com", "paypa1.com"), found.domains());
        assertEquals(List.of("support@usps-help.net"), found.emails());
        assertEquals(List.of("+19005550199"), found.phones());
    }

    @Test
    void urlsBrokenOverLinesByOcrAreJoined() {
        Entities found = EntityExtractor.extract("Pay now at https://usps-rede-\nlivery.top/pay/\nconfirm today", "US");
        assertEquals(List.of("https://usps-rede-livery.top/pay/confirm"), found.urls());
        Entities host = EntityExtractor.extract("Visit https://secure\n.paypa1.com/x now", "US");
        assertEquals(List.of("https://secure.paypa1.com/x"), host.urls());
    }

    @Test
    void phoneNumbersUseTheRegionWhenTheyHaveNoCountryCode() {
        assertEquals(List.of("+447700900123"), EntityExtractor.extract("Ring 07700 900123 now", "GB").phones());
        assertEquals(List.of("+447700900123"), EntityExtractor.extract("Ring +44 7700 900123 now", "US").phones());
    }

    @Test
    void wordsWithDotsAreNotDomainsAndUrlDigitsAreNotPhones() {
        Entities found = EntityExtractor.extract("Open file.txt, e.g. now. Ref https://a-bank.com/2125550123", "US");
        assertEquals(List.of("a-bank.com"), found.domains());
        assertEquals(List.of(), found.phones());
    }

    @Test
    void internationalisedDomainsAreKeptAsPunycode() {
        assertEquals(List.of("xn--pypal-4ve.com"), EntityExtractor.extract("Log in at https://pаypal.com/", "US").domains());
    }

    @Test
    void urlsOnBareIpAddressesAreKept() {
        Entities found = EntityExtractor.extract("Login: http://192.168.14.2/bank/login", "US");
        assertEquals(List.of("http://192.168.14.2/bank/login"), found.urls());
        assertEquals(List.of(), found.domains());
    }

    @Test
    void nothingFoundInPlainText() {
        assertEquals(Entities.none(), EntityExtractor.extract("See you at dinner tonight!", "US"));
    }
}
