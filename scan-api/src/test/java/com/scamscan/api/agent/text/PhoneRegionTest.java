package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneRegionTest {

    @Test
    void theRequestedRegionWinsOverEveryHint() {
        PhoneRegion region = PhoneRegion.resolve("gb", "Pay ₹2,000 now", "und", "US");
        assertEquals(new PhoneRegion("GB", PhoneRegion.Source.GIVEN, List.of()), region);
        assertTrue(region.confident());
    }

    @Test
    void theCurrencyShowsTheRegion() {
        assertInferred("GB", "Your parcel is held. Pay £1.45 now");
        assertInferred("IN", "Your KYC is pending. Pay Rs 500 or your account is blocked");
        assertInferred("IN", "Pay ₹2,000 today");
        assertInferred("BR", "Pague R$ 49,90 agora");
    }

    @Test
    void aCountryTheMessageNamesShowsTheRegionButNotWhereSomethingComesFrom() {
        assertInferred("GB", "HMRC: you are owed a tax refund in the UK");
        assertInferred("IN", "India Post: your parcel is held");
        PhoneRegion origin = PhoneRegion.resolve("", "A parcel from China is waiting for you", "und", "US");
        assertEquals(PhoneRegion.Source.DEFAULT, origin.source());
        assertEquals("US", origin.code());
    }

    @Test
    void theEuroWithALanguageShowsTheRegion() {
        assertInferred("DE", "Ihr Paket wartet. Bitte zahlen Sie 1,99 € für die Zustellung");
        assertInferred("NL", "Uw pakket wacht op u. Betaal nu € 1,99 voor de bezorging van het pakket");
    }

    @Test
    void theLanguageAloneIsAGuessNotEnoughToCallAForeignNumberAWarning() {
        PhoneRegion region = PhoneRegion.resolve("", "Su paquete está retenido. Por favor confirme el pago de su envío ahora", "und", "US");
        assertEquals("ES", region.code());
        assertEquals(PhoneRegion.Source.GUESSED, region.source());
        assertFalse(region.confident());
        assertEquals(List.of("US"), region.alternatives(), "the default is still tried");
    }

    @Test
    void portugueseMayBePortugalOrBrazil() {
        PhoneRegion pt = PhoneRegion.resolve("", "A sua encomenda está retida. Pague agora para receber a sua encomenda", "und", "US");
        assertEquals("PT", pt.code());
        assertTrue(pt.candidates().contains("BR"));
        PhoneRegion br = PhoneRegion.resolve("", "Você tem uma encomenda retida. Pague agora para receber", "und", "US");
        assertEquals("BR", br.code());
    }

    @Test
    void aNumberWithACountryCodeElsewhereInTheMessageIsAGuess() {
        PhoneRegion region = PhoneRegion.resolve("", "Call +44 7911 123456 or 07911 654321", "und", "US");
        assertEquals("GB", region.code());
        assertEquals(PhoneRegion.Source.GUESSED, region.source());
    }

    @Test
    void aLanguageAlreadyDetectedIsUsed() {
        PhoneRegion region = PhoneRegion.resolve("", "ok", "it", "US");
        assertEquals("IT", region.code());
    }

    @Test
    void nothingToGoOnIsTheDefault() {
        PhoneRegion region = PhoneRegion.resolve(null, "Call me back", "und", "US");
        assertEquals(new PhoneRegion("US", PhoneRegion.Source.DEFAULT, List.of()), region);
        assertFalse(region.confident());
    }

    @Test
    void conflictingCurrenciesAreNotAClearHint() {
        PhoneRegion region = PhoneRegion.resolve("", "Pay £5 or ₹500", "und", "US");
        assertFalse(region.confident());
    }

    @Test
    void languageIsTakenFromFunctionWordsOnlyWhenClear() {
        assertEquals("de", com.scamscan.api.agent.signals.FunctionWords.language("Ihre Sendung wurde nicht zugestellt, bitte bestätigen Sie die Adresse"));
        assertEquals("fr", com.scamscan.api.agent.signals.FunctionWords.language("Votre colis est en attente, veuillez payer les frais de livraison"));
        assertEquals("en", com.scamscan.api.agent.signals.FunctionWords.language("Your parcel is waiting, please pay the fee now"));
        assertNull(com.scamscan.api.agent.signals.FunctionWords.language("Hi"));
    }

    private static void assertInferred(String code, String text) {
        PhoneRegion region = PhoneRegion.resolve("", text, "und", "US");
        assertEquals(code, region.code(), text);
        assertEquals(PhoneRegion.Source.INFERRED, region.source(), text);
        assertTrue(region.confident());
    }
}
