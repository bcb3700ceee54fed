package com.scamscan.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message of the corpus: what it is ({@code expected}, {@code archetype}), who received it ({@code language},
 * {@code region}), how its screenshot looks ({@code layout}, {@code theme}, {@code size}, {@code damage}) and what it
 * says ({@code sender}, the e-mail {@code subject}, an optional {@code qr} payload drawn as a QR code, {@code text}).
 * In chat layouts a blank line in {@code text} starts a new bubble; in e-mail it is a paragraph break.
 */
public record Sample(String id, Expected expected, String archetype, String language, String region, Layout layout,
                     Theme theme, TextSize size, Damage damage, String sender, Optional<String> subject,
                     Optional<String> qr, String text) {

    /** The scam archetypes the corpus covers. */
    public static final List<String> SCAM_ARCHETYPES = List.of("parcel", "account", "bank", "gift_card", "crypto", "job",
            "family", "wrong_number", "romance", "customs", "tech_support", "tax_refund", "toll", "prize");

    /** The languages the corpus is written in; {@code hi-Latn} is Hinglish in Latin script. */
    public static final List<String> LANGUAGES = List.of("en", "es", "de", "fr", "pt", "it", "nl", "hi-Latn");

    private static final Set<String> REGIONS = Set.of(java.util.Locale.getISOCountries());

    public Sample {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("id must be lower-case letters, digits, - and _: " + id);
        }
        Objects.requireNonNull(expected, id + ": expected");
        Objects.requireNonNull(layout, id + ": layout");
        Objects.requireNonNull(theme, id + ": theme");
        Objects.requireNonNull(size, id + ": size");
        Objects.requireNonNull(damage, id + ": damage");
        Objects.requireNonNull(subject, id + ": subject");
        Objects.requireNonNull(qr, id + ": qr");
        if (archetype == null || !archetype.matches("[a-z_]+")) {
            throw new IllegalArgumentException(id + ": archetype must be a lower-case word, was " + archetype);
        }
        if (expected == Expected.SCAM && !SCAM_ARCHETYPES.contains(archetype)) {
            throw new IllegalArgumentException(id + ": unknown scam archetype " + archetype);
        }
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException(id + ": unknown language " + language);
        }
        if (region == null || !REGIONS.contains(region)) {
            throw new IllegalArgumentException(id + ": region must be an ISO country code, was " + region);
        }
        if (sender == null || sender.isBlank()) {
            throw new IllegalArgumentException(id + ": sender is missing");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(id + ": text is missing");
        }
        if (layout == Layout.MAIL && subject.isEmpty()) {
            throw new IllegalArgumentException(id + ": an e-mail needs a subject");
        }
        if (layout != Layout.MAIL && subject.isPresent()) {
            throw new IllegalArgumentException(id + ": only e-mails have a subject");
        }
    }

    /** Whether the message is a scam (the positive class). */
    public boolean isScam() {
        return expected == Expected.SCAM;
    }

    public enum Expected { SCAM, GENUINE }

    /** The app whose screen the screenshot shows. */
    public enum Layout { IOS_SMS, ANDROID_SMS, WHATSAPP, MAIL }

    public enum Theme { LIGHT, DARK }

    /** The phone's text size setting. */
    public enum TextSize { NORMAL, SMALL }

    /** What happened to the screenshot on its way: saved as a low-quality JPEG, slightly blurred, or noisy. */
    public enum Damage { NONE, JPEG, BLUR, NOISE }
}
