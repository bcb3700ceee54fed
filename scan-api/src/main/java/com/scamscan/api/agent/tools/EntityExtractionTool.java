package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.signals.TextSignals;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.api.agent.text.PhoneRegion;
import com.scamscan.api.agent.text.QrCodes;
import com.scamscan.api.agent.text.TesseractOcr;
import com.scamscan.api.scan.ScanSettings;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Reads the screenshot (OCR), its QR codes and the pasted text, and finds URLs, domains, e-mails and phones. */
@Singleton
public class EntityExtractionTool implements AgentTool {

    private final TesseractOcr ocr;
    private final TextSignals signals;
    private final String defaultRegion;

    @jakarta.inject.Inject
    public EntityExtractionTool(TesseractOcr ocr, TextSignals signals, ScanSettings settings) {
        this(ocr, signals, settings.defaultRegion());
    }

    EntityExtractionTool(TesseractOcr ocr, TextSignals signals, String defaultRegion) {
        this.ocr = ocr;
        this.signals = signals;
        this.defaultRegion = defaultRegion;
    }

    @Override
    public Step step() {
        return Step.ENTITY_EXTRACTION;
    }

    @Override
    public String startMessage() {
        return "Reading the screenshot...";
    }

    @Override
    public String run(Analysis analysis) throws Exception {
        BufferedImage image = ocr.bound(analysis.image()); // no larger than OCR reads: QR decoding gets the same
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled before OCR"); // the task's time ran out while decoding
        }
        List<String> parts = new ArrayList<>();
        parts.add(ocr.read(image));
        List<String> qr = QrCodes.read(image);
        parts.addAll(qr);
        analysis.readText(String.join("\n", parts));
        analysis.language(analysis.textScan(signals).language());
        PhoneRegion region = PhoneRegion.resolve(analysis.requestedRegion(), analysis.allText(), analysis.language(), defaultRegion);
        analysis.phoneRegion(region);
        EntityExtractor.Extraction extraction = EntityExtractor.read(analysis.allText(), region);
        Entities found = extraction.entities();
        analysis.entities(found);
        analysis.unreadableNumbers(extraction.unreadableNumbers());
        String exact = String.join("\n", qr) + "\n" + analysis.text();
        analysis.exactDomains(new java.util.HashSet<>(EntityExtractor.read(exact, region).entities().domains()));
        return summary(found, qr.size());
    }

    @Override
    public void releaseThread() {
        ocr.releaseThread();
    }

    static String summary(Entities found, int qrCodes) {
        List<String> counts = new ArrayList<>();
        count(counts, found.urls().size(), "link");
        count(counts, found.domains().size(), "domain");
        count(counts, found.emails().size(), "e-mail address");
        count(counts, found.phones().size(), "phone number");
        count(counts, qrCodes, "QR code");
        return counts.isEmpty() ? "No links, addresses or phone numbers found" : "Found " + String.join(", ", counts);
    }

    private static void count(List<String> counts, int n, String what) {
        if (n > 0) {
            counts.add(Counts.of(n, what));
        }
    }
}
