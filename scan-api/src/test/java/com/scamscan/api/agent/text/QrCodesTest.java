package com.scamscan.api.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.testing.images.Images;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void readsAQrCodeInsideAScreenshot() {
        BufferedImage image = Images.withQrCode("Scan to pay your parking fine", "https://parking-fines.top/pay?ref=8812");
        assertEquals(List.of("https://parking-fines.top/pay?ref=8812"), QrCodes.read(image));
    }

    @Test
    void noQrCodeNoPayload() {
        assertEquals(List.of(), QrCodes.read(Images.decode(Images.screenshot("png", "Just text"))));
    }
}
