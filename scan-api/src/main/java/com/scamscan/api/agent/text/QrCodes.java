package com.scamscan.api.agent.text;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads every QR code in an image (ZXing): scams hide links in them ("quishing"). */
public final class QrCodes {

    private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE);

    private QrCodes() {
    }

    /** The payloads of the QR codes found, in reading order; empty when there are none. */
    public static List<String> read(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            Result[] results = new QRCodeMultiReader().decodeMultiple(bitmap, HINTS);
            List<String> payloads = new ArrayList<>(results.length);
            for (Result result : results) {
                payloads.add(result.getText());
            }
            return payloads;
        } catch (NotFoundException e) {
            return List.of();
        }
    }
}
