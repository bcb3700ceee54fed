package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.testing.images.Images;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TesseractOcrTest {

    private static final TesseractOcr OCR = new TesseractOcr();

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
}
