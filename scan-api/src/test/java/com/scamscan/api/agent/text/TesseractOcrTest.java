package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.images.Images;
import com.scamscan.progress.Entities;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TesseractOcrTest {

    private static final TesseractOcr OCR = new TesseractOcr(OcrSettings.defaults());

    @AfterAll
    static void close() {
        OCR.close();
    }

    @Test
    void readsTheTextOfARenderedSmsScreenshot() throws IOException {
        byte[] png = Images.screenshot("png",
                "USPS: Your package is on hold due to",
                "an unpaid fee. Pay now at",
                "https://usps-redelivery.top/pay",
                "or call +1 900 555 0199");
        String text = OCR.read(ImageIO.read(new ByteArrayInputStream(png)));
        assertTrue(text.contains("https://usps-redelivery.top/pay"), text);
        assertTrue(text.contains("900 555 0199"), text);
        assertTrue(text.contains("package is on hold"), text);
    }

    @Test
    void readsAJpegScreenshotWithEmailAndLongUrlText() throws IOException {
        byte[] jpeg = Images.screenshot("jpg",
                "Netflix: your payment failed.",
                "Update billing within 24 hours:",
                "http://netflix-billing-update.icu/account",
                "Questions: help@netflix-support.icu");
        String text = OCR.read(ImageIO.read(new ByteArrayInputStream(jpeg)));
        assertTrue(text.contains("http://netflix-billing-update.icu/account"), text);
        assertTrue(text.contains("help@netflix-support.icu"), text);
        assertTrue(text.contains("within 24 hours"), text);
    }

    @Test
    void aLinkTheScreenBrokeAfterAHyphenIsReadWhole() {
        BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 51,
                "HMRC: You are owed a tax refund.", "Claim it at gov-", "uk-taxrefund.com within 24 hours");
        Entities found = EntityExtractor.extract(OCR.read(image), "GB");
        assertEquals(List.of("gov-uk-taxrefund.com"), found.domains());
    }

    @Test
    void aDarkModeScreenshotIsReadInverted() {
        BufferedImage image = Images.chat(Images.Theme.WHATSAPP_DARK, 1080, 44,
                "Evri: your parcel is on hold.", "Pay the fee at https://evri-redelivery.info/pay", "", "> Who is this?");
        TesseractOcr.Reading reading = OCR.reading(image);
        assertTrue(reading.dark());
        assertTrue(reading.text().contains("https://evri-redelivery.info/pay"), reading.text());
        assertTrue(reading.text().contains("parcel is on hold"), reading.text());
    }

    @Test
    void smallTextIsEnlargedToAReadableHeight() {
        BufferedImage image = Images.chat(Images.Theme.ANDROID_LIGHT, 720, 20,
                "Your Amazon order was charged 749.99.", "If this was not you, visit", "https://amazon-refund-desk.com/claim");
        TesseractOcr.Reading reading = OCR.reading(image);
        assertTrue(reading.scale() > 1.2, "enlarged " + reading.scale());
        assertTrue(reading.text().contains("https://amazon-refund-desk.com/claim"), reading.text());
    }

    @Test
    void aJpegDamagedScreenshotIsStillRead() {
        BufferedImage image = Images.jpegDamaged(Images.chat(Images.Theme.IOS_DARK, 1170, 51,
                "Your bank card is blocked.", "Unblock it at", "https://natwest-secure.co/unblock"), 0.4f);
        String text = OCR.read(image);
        assertTrue(text.contains("https://natwest-secure.co/unblock"), text);
    }

    @Test
    void aTrackingNumberReadFromTheImageIsNotAPhoneNumber() {
        BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 51,
                "Royal Mail: parcel RN123456789GB", "is held.", "Tracking no 00340434161094042557", "Pay at royalmail-fee.com/pay");
        String text = OCR.read(image);
        assertTrue(text.contains("RN123456789GB"), text);
        EntityExtractor.Extraction read = EntityExtractor.read(text, PhoneRegion.given("GB"));
        assertEquals(List.of(), read.entities().phones());
        assertEquals(List.of(), read.unreadableNumbers());
    }

    @Test
    void aUkNumberWithoutCountryCodeIsReadAsBritishWhenTheRegionIsGb() {
        BufferedImage image = Images.chat(Images.Theme.ANDROID_LIGHT, 1080, 44,
                "Your bank: a payment of 249.00 was made.", "If this was not you call 07911 123456");
        String text = OCR.read(image);
        assertEquals(List.of("+447911123456"), EntityExtractor.extract(text, "GB").phones());
    }

    @Test
    void accentedWordsAreReadWellEnoughForTheLexicons() {
        BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 51,
                "Ihre Sendung wurde nicht zugestellt.", "Bitte bestätigen Sie die Gebühr.", "Su paquete está retenido, código",
                "Réglez les frais de livraison", "A sua encomenda não foi entregue");
        String folded = PhoneRegion.fold(OCR.read(image));
        for (String word : List.of("bestatigen", "gebuhr", "esta retenido", "reglez", "nao foi entregue")) {
            assertTrue(folded.contains(word), word + " in " + folded);
        }
    }

    @Test
    void readingStopsAtTheTimeout() {
        TesseractOcr hurried = new TesseractOcr(new OcrSettings(Duration.ofMillis(1), 8_000_000, 30, 4));
        try {
            String[] lines = new String[40];
            java.util.Arrays.fill(lines, "A long message that takes a while");
            BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 51, lines);
            TesseractOcr.Reading whole = OCR.reading(image);
            TesseractOcr.Reading reading = hurried.reading(image);
            assertFalse(whole.timedOut());
            assertTrue(reading.timedOut());
            assertTrue(reading.text().length() < whole.text().length(),
                    "stopped before reading it all: " + reading.text().length() + " of " + whole.text().length() + " chars");
        } finally {
            hurried.close();
        }
    }

    @Test
    void readingStopsWhenItsThreadIsInterrupted() {
        String[] lines = new String[40];
        java.util.Arrays.fill(lines, "A long message that takes a while");
        BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 51, lines);
        TesseractOcr.Reading whole = OCR.reading(image);
        Thread.currentThread().interrupt(); // as the task's timeout cancelling the tool does
        TesseractOcr.Reading cancelled;
        try {
            cancelled = OCR.reading(image);
        } finally {
            Thread.interrupted();
        }
        assertTrue(cancelled.timedOut());
        assertTrue(cancelled.text().length() < whole.text().length(),
                "the cancel monitor stopped it early: " + cancelled.text().length() + " of " + whole.text().length() + " chars");
    }

    @Test
    void anImageLargerThanTheMaximumIsScaledDownBeforeAnythingReadsIt() {
        BufferedImage image = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        BufferedImage bounded = TesseractOcr.bounded(image, 3_000_000);
        assertTrue((long) bounded.getWidth() * bounded.getHeight() <= 3_000_000, bounded.getWidth() + "x" + bounded.getHeight());
        assertEquals(4000.0 / 3000, (double) bounded.getWidth() / bounded.getHeight(), 0.01);
        BufferedImage small = Images.chat(Images.Theme.IOS_LIGHT, 720, 30, "hello");
        assertTrue(TesseractOcr.bounded(small, 3_000_000) == small, "a small image is left as it is");
    }

    @Test
    void aHugeImageIsScaledDownToTheMaximumPixels() {
        BufferedImage image = Images.chat(Images.Theme.IOS_LIGHT, 1170, 20, "tiny text on a big screen");
        TesseractOcr.Prepared prepared = TesseractOcr.prepare(image, new OcrSettings(Duration.ofSeconds(5), 200_000, 30, 11));
        assertTrue((long) prepared.width() * prepared.height() <= 200_000, prepared.width() + "x" + prepared.height());
    }

    @Test
    void theTextHeightIsMeasuredInTheImage() {
        BufferedImage small = Images.chat(Images.Theme.IOS_LIGHT, 1170, 20, "line one of small text", "line two of small text");
        BufferedImage large = Images.chat(Images.Theme.IOS_LIGHT, 720, 60, "line one of big text", "line two of big text");
        double smallHeight = TesseractOcr.textLineHeight(TesseractOcr.luminance(small), small.getWidth(), small.getHeight());
        double largeHeight = TesseractOcr.textLineHeight(TesseractOcr.luminance(large), large.getWidth(), large.getHeight());
        assertTrue(smallHeight >= 12 && smallHeight <= 24, "small " + smallHeight);
        assertTrue(largeHeight >= 40 && largeHeight <= 70, "large " + largeHeight);
    }

    @Test
    void lightAndDarkScreensAreToldApart() {
        assertFalse(TesseractOcr.isDark(TesseractOcr.luminance(Images.chat(Images.Theme.WHATSAPP_LIGHT, 720, 30, "hello"))));
        assertTrue(TesseractOcr.isDark(TesseractOcr.luminance(Images.chat(Images.Theme.ANDROID_DARK, 720, 30, "hello"))));
    }
}
