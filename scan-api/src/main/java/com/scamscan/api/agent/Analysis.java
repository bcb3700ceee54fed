package com.scamscan.api.agent;

import com.scamscan.api.scan.ImageType;
import com.scamscan.api.scan.ScanInput;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Verdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** One scan as the tools work on it: the upload, then what each tool adds. Used by one worker thread. */
public final class Analysis {

    private final String taskId;
    private final ScanInput input;
    private final List<Finding> findings = new ArrayList<>();
    private BufferedImage decoded;
    private String readText = "";
    private String language = "und";
    private String scannedText;
    private com.scamscan.api.agent.signals.TextScan textScan;
    private Entities entities = Entities.none();
    private java.util.Set<String> exactDomains = java.util.Set.of();
    private Verdict verdict;
    private com.scamscan.api.agent.text.PhoneRegion phoneRegion;
    private List<String> unreadableNumbers = List.of();

    public Analysis(String taskId, ScanInput input) {
        this.taskId = taskId;
        this.input = java.util.Objects.requireNonNull(input);
    }

    public String taskId() {
        return taskId;
    }

    public ImageType imageType() {
        return input.imageType();
    }

    /** The W3C {@code traceparent} of the upload's request, empty when it was not traced. */
    public String trace() {
        return input.trace();
    }

    /** The text the person typed or pasted (may be empty). */
    public String text() {
        return input.text();
    }

    /** The phone region the request named, empty when it named none. */
    public String requestedRegion() {
        return input.region();
    }

    /**
     * The phone region for numbers without a country code: once entity extraction has settled it, that one (named by
     * the request, inferred from the message, or the default); before, the one the request named.
     */
    public String region() {
        return phoneRegion != null ? phoneRegion.code() : requestedRegion();
    }

    /** The phone region and where it comes from; {@code null} before entity extraction. */
    public com.scamscan.api.agent.text.PhoneRegion phoneRegion() {
        return phoneRegion;
    }

    public void phoneRegion(com.scamscan.api.agent.text.PhoneRegion settled) {
        this.phoneRegion = java.util.Objects.requireNonNull(settled);
    }

    /** What looked like phone numbers but could not be read as one (as written), so was not checked. */
    public List<String> unreadableNumbers() {
        return unreadableNumbers;
    }

    public void unreadableNumbers(List<String> numbers) {
        this.unreadableNumbers = List.copyOf(numbers);
    }

    /** The decoded screenshot; decoded once, on first use. */
    public BufferedImage image() throws IOException {
        if (decoded == null) {
            decoded = ImageIO.read(new ByteArrayInputStream(input.image()));
            if (decoded == null) {
                throw new IOException("the " + input.imageType().mediaType() + " image cannot be decoded");
            }
        }
        return decoded;
    }

    /** All text the agent has to go on: what OCR and QR codes read, then what the person pasted. */
    public String allText() {
        return text().isEmpty() ? readText : readText + "\n" + text();
    }

    public void readText(String fromImage) {
        this.readText = fromImage;
    }

    /** What OCR and QR codes read in the image (without the pasted text); empty before entity extraction. */
    public String readText() {
        return readText;
    }

    /**
     * What the lexicons find in {@link #allText()}, scanned once: extraction needs its language, reasoning its cues,
     * and detecting a language is the costly part. Scanned again only if the text changed meanwhile.
     */
    public com.scamscan.api.agent.signals.TextScan textScan(com.scamscan.api.agent.signals.TextSignals signals) {
        String text = allText();
        if (textScan == null || !text.equals(scannedText)) {
            textScan = signals.scan(text);
            scannedText = text;
        }
        return textScan;
    }

    /** The message's language as an ISO 639-1 code ({@code hi-Latn} for Hinglish), {@code und} when not known. */
    public String language() {
        return language;
    }

    public void language(String detected) {
        this.language = java.util.Objects.requireNonNull(detected);
    }

    public Entities entities() {
        return entities;
    }

    public void entities(Entities found) {
        this.entities = found;
    }

    /**
     * Domains seen character for character (in the pasted text or a QR code), as opposed to read by OCR, which
     * cannot tell {@code paypa1} from {@code paypal}.
     */
    public java.util.Set<String> exactDomains() {
        return exactDomains;
    }

    public void exactDomains(java.util.Set<String> domains) {
        this.exactDomains = java.util.Set.copyOf(domains);
    }

    public void add(Finding finding) {
        findings.add(finding);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public Verdict verdict() {
        return verdict;
    }

    public void verdict(Verdict decided) {
        this.verdict = decided;
    }
}
