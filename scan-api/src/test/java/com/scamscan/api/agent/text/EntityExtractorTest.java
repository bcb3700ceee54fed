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
        assertEquals(List.of("+447911123456"), EntityExtractor.extract("Ring 07911 123456 now", "GB").phones());
        assertEquals(List.of("+447911123456"), EntityExtractor.extract("Ring +44 7911 123456 now", "US").phones());
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
    void aLinkBrokenAfterAHyphenKeepsBothHalvesWithOrWithoutScheme() {
        Entities bare = EntityExtractor.extract("Visit gov-\nuk-taxrefund.com now to claim", "GB");
        assertEquals(List.of("gov-uk-taxrefund.com"), bare.domains());
        Entities schemed = EntityExtractor.extract("Pay at https://royalmail-\nredelivery.info/pay today", "GB");
        assertEquals(List.of("https://royalmail-redelivery.info/pay"), schemed.urls());
        assertEquals(List.of("royalmail-redelivery.info"), schemed.domains());
    }

    @Test
    void aLinkBrokenAfterASlashOrADotIsJoined() {
        assertEquals(List.of("evri-parcel.info/pay"), EntityExtractor.extract("Go to evri-parcel.info/\npay now", "GB").urls());
        assertEquals(List.of("royalmail.co.uk/redeliver"), EntityExtractor.extract("Go to royalmail.\nco.uk/redeliver now", "GB").urls());
        assertEquals(List.of("https://secure.paypa1.com/x"), EntityExtractor.extract("Visit https://secure.\npaypa1.com/x", "US").urls());
    }

    @Test
    void aCompleteLinkDoesNotSwallowTheNextLinesFirstWord() {
        Entities found = EntityExtractor.extract("Pay at https://evri.info/pay\nNow you can track it", "GB");
        assertEquals(List.of("https://evri.info/pay"), found.urls());
        assertEquals(List.of("https://evri.info/pay"), EntityExtractor.extract("Pay at https://evri.info/pay.\nThanks, Evri", "GB").urls());
        assertEquals(List.of("https://evri.info/pay"), EntityExtractor.extract("Pay at https://evri.info/pay.\nthanks", "GB").urls());
        assertEquals(List.of("https://evri.info/"), EntityExtractor.extract("Pay at https://evri.info/\nThanks", "GB").urls());
        assertEquals(List.of("evri.info"), EntityExtractor.extract("Pay at evri.info\nnow", "GB").domains());
    }

    @Test
    void ordinaryWordsBrokenAtALineEndAreNotLinks() {
        assertEquals(Entities.none(), EntityExtractor.extract("It is a well-\nknown shop. Go home.\nnow it is late", "GB"));
        assertEquals(Entities.none(), EntityExtractor.extract("Your self-\nservice account is ready", "GB"));
    }

    @Test
    void trackingNumbersAreNotPhoneNumbers() {
        assertEquals(List.of(), phones("Your parcel RN123456789GB is waiting", "GB"));
        assertEquals(List.of(), phones("UPS 1Z999AA10123456784 is out for delivery", "US"));
        assertEquals(List.of(), phones("Tracking number: 00340434161094042557", "GB"));
        assertEquals(List.of(), phones("Tracking no. 2025550147", "US"));
        assertEquals(List.of(), phones("Parcel no 07911123456", "GB"));
        assertEquals(List.of(), phones("Ihre Sendungsnummer: 003404341610", "DE"));
        assertEquals(List.of(), unreadable("Sendungsnummer: 0034043416109404255", "DE"), "00 does not make a tracking number a phone");
        assertEquals(List.of(), unreadable("Item 00340434161094042557 is held", "GB"), "longer than any phone number");
        assertEquals(List.of(), unreadable("Tracking number: 00340434161094042557 RN123456789GB", "GB"));
    }

    @Test
    void orderAndReferenceNumbersAreNotPhoneNumbers() {
        assertEquals(List.of(), phones("Order 2025550147 has shipped", "US"));
        assertEquals(List.of(), phones("Ref: 2025550147", "US"));
        assertEquals(List.of(), phones("Invoice #2025550147", "US"));
        assertEquals(List.of(), phones("Your account ending 2025550147 was charged", "US"));
        assertEquals(List.of(), phones("Order no. 112-3456789-1234567", "US"));
    }

    @Test
    void oneTimeCodesAreNotPhoneNumbers() {
        assertEquals(List.of(), phones("Your code is 482913. Do not share it", "US"));
        assertEquals(List.of(), phones("OTP: 48291377", "IN"));
        assertEquals(List.of(), phones("PIN 020795", "GB"));
        assertEquals(List.of(), phones("Ihr Code: 0204 8291", "DE"));
        assertEquals(List.of(), phones("Su código es 090123", "ES"));
        assertEquals(List.of(), unreadable("Your code is 482913 and your PIN 020795", "GB"));
    }

    @Test
    void aCodeWordDoesNotHideARealNumberWithACountryCodeOrALongOne() {
        assertEquals(List.of("+447911123456"), phones("Your code: call +44 7911 123456", "GB"));
        assertEquals(List.of("+12025550147"), phones("Enter the code or call 202-555-0147", "US"));
    }

    @Test
    void pricesAndAmountsAreNotPhoneNumbers() {
        assertEquals(List.of(), phones("Pay £1.45 now, or 1,200.00 later", "GB"));
        assertEquals(List.of(), phones("Nur €49,99 oder 1.299,00 €", "DE"));
        assertEquals(List.of(), phones("Pay Rs 5000 or ₹2,000 or INR 123456789", "IN"));
        assertEquals(List.of(), phones("Total: $1,234,567.89", "US"));
        assertEquals(List.of(), unreadable("Pay £1.45 now, or 1,200.00 later. Nur €49,99", "GB"));
    }

    @Test
    void datesAndTimesAreNotPhoneNumbers() {
        assertEquals(List.of(), phones("Delivery on 12/03/2025 at 10:30 or 2025-11-27 14:00", "GB"));
        assertEquals(List.of(), unreadable("Delivery on 12/03/2025 at 10:30 or 2025-11-27 14:00", "GB"));
    }

    @Test
    void aPriceBesideARealNumberDoesNotHideIt() {
        assertEquals(List.of("+447911123456"), phones("Pay £1.45 or call 07911 123456", "GB"));
        assertEquals(List.of("+33612345678"), phones("Appelez le 06.12.34.56.78", "FR"));
    }

    @Test
    void aNumberTooShortOrMisreadIsUnreadableNotAPhone() {
        EntityExtractor.Extraction read = EntityExtractor.read("Call 0791 23 today", PhoneRegion.given("GB"));
        assertEquals(List.of(), read.entities().phones());
        assertEquals(List.of("0791 23"), read.unreadableNumbers());
        assertEquals(List.of("+44 1234 56"), unreadable("Ring +44 1234 56", "GB"));
        assertEquals(List.of(), unreadable("There are 123456 people here", "GB"), "a bare number without a phone word is nothing");
    }

    @Test
    void numbersWithoutCountryCodeAreReadInTheResolvedRegion() {
        PhoneRegion uk = PhoneRegion.resolve("", "Pay £2.99 or call 07911 123456", "und", "US");
        assertEquals(List.of("+447911123456"), EntityExtractor.read("Pay £2.99 or call 07911 123456", uk).entities().phones());
        PhoneRegion de = PhoneRegion.resolve("", "Ihr Paket ist da. Bitte rufen Sie uns an: 030 12345678", "und", "US");
        assertEquals(List.of("+493012345678"),
                EntityExtractor.read("Ihr Paket ist da. Bitte rufen Sie uns an: 030 12345678", de).entities().phones());
    }

    @Test
    void aNumberInvalidInTheRegionIsTriedInTheWeakerHints() {
        PhoneRegion guess = new PhoneRegion("US", PhoneRegion.Source.DEFAULT, List.of("IN"));
        assertEquals(List.of("+919876543210"), EntityExtractor.read("call 098765 43210", guess).entities().phones());
    }

    private static List<String> phones(String text, String region) {
        return EntityExtractor.extract(text, region).phones();
    }

    private static List<String> unreadable(String text, String region) {
        return EntityExtractor.read(text, PhoneRegion.given(region)).unreadableNumbers();
    }

    @Test
    void nothingFoundInPlainText() {
        assertEquals(Entities.none(), EntityExtractor.extract("See you at dinner tonight!", "US"));
    }
}
