package com.scamscan.api.agent.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Brands scammers imitate, and the comparison that sees through imitation: digits and letters that OCR and
 * typo-squatters swap ({@code paypa1}, {@code amaz0n}, {@code rnicrosoft}) are folded before comparing.
 */
public final class Lookalikes {

    /** A brand, its official registrable domains, and its folded name. */
    public record Brand(String name, List<String> domains, String key) {
    }

    private static final List<Brand> BRANDS = List.of(
            brand("PayPal", "paypal", "paypal.com"),
            brand("Apple", "apple", "apple.com", "icloud.com"),
            brand("Amazon", "amazon", "amazon.com", "amazon.co.uk", "amazon.de"),
            brand("Microsoft", "microsoft", "microsoft.com", "live.com", "outlook.com", "office.com"),
            brand("Google", "google", "google.com", "gmail.com"),
            brand("Netflix", "netflix", "netflix.com"),
            brand("DHL", "dhl", "dhl.com", "dhl.de"),
            brand("FedEx", "fedex", "fedex.com"),
            brand("UPS", "ups", "ups.com"),
            brand("USPS", "usps", "usps.com"),
            brand("Royal Mail", "royalmail", "royalmail.com"),
            brand("Chase", "chase", "chase.com"),
            brand("Wells Fargo", "wellsfargo", "wellsfargo.com"),
            brand("Bank of America", "bankofamerica", "bankofamerica.com"),
            brand("the IRS", "irs", "irs.gov"),
            brand("Facebook", "facebook", "facebook.com"),
            brand("Instagram", "instagram", "instagram.com"),
            brand("WhatsApp", "whatsapp", "whatsapp.com"),
            brand("Coinbase", "coinbase", "coinbase.com"),
            brand("Binance", "binance", "binance.com"),
            brand("eBay", "ebay", "ebay.com"),
            brand("Walmart", "walmart", "walmart.com"),
            brand("DocuSign", "docusign", "docusign.com", "docusign.net"));

    /** Names this short are only matched as a whole word, never inside another word ("groups" is not UPS). */
    private static final int MIN_INSIDE = 5;

    private Lookalikes() {
    }

    /** The label with look-alike characters folded: {@code PayPa1} and {@code paypal} both become {@code paypal}. */
    public static String fold(String label) {
        StringBuilder out = new StringBuilder(label.length());
        for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '0' -> out.append('o');
                case '1', 'i', '|', '!' -> out.append('l');
                case '3' -> out.append('e');
                case '4', '@' -> out.append('a');
                case '5', '$' -> out.append('s');
                case '7' -> out.append('t');
                case '8' -> out.append('b');
                case '-', '_', '.' -> { }
                default -> out.append(c);
            }
        }
        return out.toString().replace("rn", "m").replace("vv", "w");
    }

    /** The brand whose official domains include this registrable domain. */
    public static Optional<Brand> officialBrandOf(String registrable) {
        return BRANDS.stream().filter(b -> b.domains().contains(registrable.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** The brand this label is made to look like, letter for letter after folding ({@code paypa1}, {@code amaz0n}). */
    public static Optional<Brand> lookalikeOf(String label) {
        String folded = fold(label);
        return BRANDS.stream().filter(b -> b.key().equals(folded)).findFirst();
    }

    /** A brand whose name appears as a word of the label ({@code usps-redelivery}, {@code paypalsecure}). */
    public static Optional<Brand> brandInside(String label) {
        for (Brand brand : BRANDS) {
            for (String word : label.split("[-_.]")) {
                if (fold(word).equals(brand.key())) {
                    return Optional.of(brand);
                }
            }
            if (brand.key().length() >= MIN_INSIDE && fold(label).contains(brand.key())) {
                return Optional.of(brand);
            }
        }
        return Optional.empty();
    }

    private static Brand brand(String name, String label, String... domains) {
        return new Brand(name, List.of(domains), fold(label));
    }
}
