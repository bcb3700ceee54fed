package com.scamscan.api.agent.tools;

import static com.scamscan.api.agent.tools.DomainReputationTool.BRAND_MISUSED;
import static com.scamscan.api.agent.tools.DomainReputationTool.LOOKALIKE;
import static com.scamscan.api.agent.tools.DomainReputationTool.NAMED_ELSEWHERE;

import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.tools.DomainReputationTool.Context;
import com.scamscan.api.agent.links.Brand;
import com.scamscan.api.agent.links.Brands;
import com.scamscan.api.agent.text.Lookalikes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@link DomainReputationTool}'s reading of a domain against the brands: how a domain no listed brand owns misuses a
 * brand's name (a lookalike, the name inside the label, in a subdomain or in a link's path, a brand named in the
 * message while the link goes elsewhere), and which brand's own domain an OCR-read name may be a misreading of.
 */
final class BrandMisuse {

    private static final Pattern PATH_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Brands brands;
    private final BiFunction<Integer, String, Finding> found;

    /**
     * @param found makes the tool's finding of a weight and a reason
     */
    BrandMisuse(Brands brands, BiFunction<Integer, String, Finding> found) {
        this.brands = brands;
        this.found = found;
    }

    private Finding found(int weight, String reason) {
        return found.apply(weight, reason);
    }

    /** The strongest reason a domain that no listed brand owns is not what the message makes it out to be. */
    Optional<Finding> strongest(String domain, String registrable, String label, List<String> subdomains, Context context) {
        List<Brand> named = context.named();
        Optional<Lookalikes.Match> lookalike = Lookalikes.lookalike(label, named);
        if (lookalike.isPresent()) {
            Brand brand = lookalike.get().brand();
            String how = switch (lookalike.get().kind()) {
                case OTHER_ALPHABET -> " with letters from another alphabet (" + java.net.IDN.toUnicode(domain) + ")";
                case LOOKALIKE_LETTERS -> " by swapping in look-alike letters";
                case MISSPELLED -> " with a small change to the spelling";
                default -> "";
            };
            boolean isNamed = named.contains(brand);
            String site = brand.possessive() + " website (" + brand.website() + ")";
            if (lookalike.get().kind() == Lookalikes.Kind.SAME_NAME) {
                return Optional.of(found(LOOKALIKE, isNamed ? saysFrom(brand, context) + domain + ", which is not " + site
                        : domain + " uses the name " + brand.name() + " but is not " + site));
            }
            return Optional.of(found(LOOKALIKE, (isNamed ? saysFrom(brand, context) + domain + ", which imitates "
                    : domain + " imitates ") + site + how));
        }
        Optional<Lookalikes.Match> inside = Lookalikes.nameInside(label, named);
        if (inside.isPresent()) {
            Brand brand = inside.get().brand();
            return Optional.of(found(BRAND_MISUSED, named.contains(brand)
                    ? saysFrom(brand, context) + domain + ", which is not " + brand.possessive() + " website (" + brand.website() + ")"
                    : domain + " uses the name " + brand.name() + " but is not " + brand.possessive() + " website ("
                    + brand.website() + ")"));
        }
        for (String sub : subdomains) {
            if (sub.equals("www") || sub.equals("m")) {
                continue;
            }
            Optional<Brand> inFront = Lookalikes.lookalike(sub, named).or(() -> Lookalikes.nameInside(sub, named))
                    .map(Lookalikes.Match::brand)
                    .or(() -> brands.all().stream().filter(b -> isNameOf(b, sub, named)).findFirst());
            if (inFront.isPresent()) {
                Brand brand = inFront.get();
                return Optional.of(found(BRAND_MISUSED, domain + " puts " + brand.name() + " in front of the unrelated website "
                        + registrable + "; " + brand.possessive() + " website is " + brand.website()));
            }
        }
        for (String url : context.urls()) {
            Optional<Brand> inPath = brandInPath(url, named);
            if (inPath.isPresent()) {
                Brand brand = inPath.get();
                return Optional.of(found(BRAND_MISUSED, "The link " + display(url) + " puts " + brand.name()
                        + " in the address, but goes to " + registrable + ", which is not " + brand.possessive() + " website ("
                        + brand.website() + ")"));
            }
        }
        if (context.isLink() && !named.isEmpty()) {
            Brand brand = named.get(0);
            return Optional.of(found(NAMED_ELSEWHERE, "The message says it is from " + brand.name() + ", but the link goes to "
                    + domain + ", which is not " + brand.possessive() + " website (" + brand.website() + ")"));
        }
        return Optional.empty();
    }

    /**
     * The brand one of whose own domains this OCR-read name is, once the letters OCR confuses are folded
     * ({@code dhi.de} for {@code dhl.de}, {@code postni.nl} for {@code postnl.nl}): a screenshot cannot tell such a
     * misread from a lookalike, so it is a note either way. Only letter-for-letter confusions count: OCR reads
     * words, and seldom turns a letter into a digit, so {@code paypa1} is a lookalike, not a misread.
     */
    Optional<Brand> misreadOf(String label, String suffix) {
        String folded = ocrFold(label);
        for (Brand brand : brands.all()) {
            for (String own : brand.domains()) {
                if (own.endsWith("." + suffix) && own.length() - suffix.length() - 1 > 0) {
                    String ownLabel = own.substring(0, own.length() - suffix.length() - 1);
                    if (!ownLabel.contains(".") && ocrFold(ownLabel).equals(folded)) {
                        return Optional.of(brand);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A label with the letters OCR confuses in screenshots made one: i, l and I; rn and m; vv and w. */
    static String ocrFold(String label) {
        return label.toLowerCase(Locale.ROOT).replace('i', 'l').replace('|', 'l').replace("rn", "m").replace("vv", "w");
    }

    /** A subdomain that is exactly a brand's name of five letters or more ({@code paypal.com.verify.xyz}). */
    private static boolean isNameOf(Brand brand, String sub, List<Brand> named) {
        String look = Lookalikes.skeleton(sub);
        return brand.keys().stream().anyMatch(k -> look.equals(Lookalikes.fold(k))
                && (named.contains(brand) || k.length() >= 5 && !brand.wordKeys().contains(k)));
    }

    /** A brand named in the path of a link: as a word next to a scam word, or when the message names it too. */
    private Optional<Brand> brandInPath(String url, List<Brand> named) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        int start = withScheme.indexOf('/', withScheme.indexOf("://") + 3);
        if (start < 0) {
            return Optional.empty();
        }
        String path = java.net.URLDecoder.decode(withScheme.substring(start).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        List<String> words = List.of(PATH_WORD.split(path));
        boolean scamWord = Lookalikes.hasLongScamWord(String.join("-", words));
        for (Brand brand : brands.all()) {
            boolean isNamed = named.contains(brand);
            for (String key : brand.keys()) {
                boolean ordinary = brand.wordKeys().contains(key);
                if (!isNamed && (ordinary || !scamWord)) {
                    continue;
                }
                if (words.stream().anyMatch(w -> Lookalikes.fold(w).equals(Lookalikes.fold(key)))) {
                    return Optional.of(brand);
                }
            }
        }
        return Optional.empty();
    }

    /** "The message says it is from X, but the link goes to " when the message names the brand, else nothing. */
    private static String saysFrom(Brand brand, Context context) {
        return context.named().contains(brand) ? "The message says it is from " + brand.name() + ", but the link goes to " : "";
    }

    /** A link without its scheme, as people write it ({@code bit.ly/3xYz}). */
    static String display(String url) {
        int scheme = url.indexOf("://");
        return scheme >= 0 ? url.substring(scheme + 3) : url;
    }
}
