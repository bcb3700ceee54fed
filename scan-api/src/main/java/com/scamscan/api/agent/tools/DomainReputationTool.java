package com.scamscan.api.agent.tools;

import com.google.common.net.InternetDomainName;
import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.links.Brand;
import com.scamscan.api.agent.links.Brands;
import com.scamscan.api.agent.links.LinkExpander;
import com.scamscan.api.agent.links.Shorteners;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.api.agent.text.Lookalikes;
import com.scamscan.progress.Step;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline signals on each domain and link, weighed against what the message says: a domain made to look like a
 * brand's (look-alike letters, other alphabets, misspellings), a brand's name with scam words, in a subdomain or in
 * the path of an unrelated domain, a brand named in the message while the link goes elsewhere or through a link
 * shortener; internationalised (punycode) names, risky top-level domains, bare IP addresses, deep subdomains; and,
 * when enabled, where a shortened link really leads and how old a domain is (RDAP).
 *
 * <p>Each domain gets one finding for its strongest reason, plus the independent extras (top-level domain,
 * punycode, subdomain depth, age).
 */
@Singleton
public class DomainReputationTool implements AgentTool {

    static final int LOOKALIKE = 45;
    static final int BRAND_MISUSED = 40;
    static final int NAMED_ELSEWHERE = 35;
    static final int SHORTENED_NAMED = 35;
    static final int BARE_IP = 30;
    static final int PUNYCODE = 25;
    static final int RISKY_TLD = 15;
    static final int DEEP_SUBDOMAINS = 10;
    static final int OWN_DOMAIN_SEEN_EXACTLY = -10;

    static final Set<String> RISKY_TLDS = Set.of("top", "xyz", "icu", "click", "cfd", "sbs", "buzz", "rest", "monster",
            "cyou", "tk", "ml", "ga", "cf", "gq", "zip", "mov", "country", "kim", "work", "support", "live", "quest", "bond");

    /**
     * Addresses on a brand's own domain where anyone can publish (a payment request, a chat number, a form, a shared
     * file): that the brand's domain serves them says nothing about who sent the message.
     */
    static final Set<String> ANYONE_PUBLISHES = Set.of("paypal.me", "wa.me", "t.me", "discord.gg", "cash.app",
            "docs.google.com", "drive.google.com", "sites.google.com", "onedrive.live.com", "dropbox.com", "youtube.com", "youtu.be");

    /** A token of the text that looks like a domain or link (so that "evri-parcel.info" is not read as naming Evri). */
    private static final Pattern DOMAIN_TOKEN = Pattern.compile("\\S*[\\p{L}\\p{N}]\\.\\p{L}{2,}\\S*");

    /**
     * What the message around a domain says.
     *
     * @param named the brands the message names (outside its links), first named first
     * @param urls the message's links on this domain
     * @param isLink whether the domain is a link (not only an e-mail address's domain)
     */
    record Context(List<Brand> named, List<String> urls, boolean isLink) {
        static final Context NONE = new Context(List.of(), List.of(), true);
    }

    private final RdapClient rdap;
    private final LinkExpander expander;
    private final Brands brands = Brands.standard();
    private final BrandMisuse misuse = new BrandMisuse(brands, this::finding);

    @Inject
    public DomainReputationTool(RdapClient rdap, LinkExpander expander) {
        this.rdap = rdap;
        this.expander = expander;
    }

    /** Without following shortened links. */
    public DomainReputationTool(RdapClient rdap) {
        this(rdap, LinkExpander.disabled());
    }

    @Override
    public Step step() {
        return Step.DOMAIN_REPUTATION;
    }

    @Override
    public String startMessage() {
        return "Checking domain reputation...";
    }

    @Override
    public String run(Analysis analysis) {
        List<Finding> found = new ArrayList<>();
        for (String url : analysis.entities().urls()) {
            EntityExtractor.hostOf(url.contains("://") ? url : "http://" + url)
                    .filter(EntityExtractor::isIpLiteral)
                    .ifPresent(ip -> found.add(finding(BARE_IP, "The link " + url + " points at a bare IP address ("
                            + ip + ") instead of a name")));
        }
        List<Brand> named = namedIn(analysis.allText());
        Set<String> linkHosts = new LinkedHashSet<>();
        for (String url : analysis.entities().urls()) {
            hostOfUrl(url).ifPresent(linkHosts::add);
        }
        Set<String> emailDomains = new LinkedHashSet<>();
        for (String email : analysis.entities().emails()) {
            emailDomains.add(email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
        }
        for (String domain : analysis.entities().domains()) {
            List<String> urls = analysis.entities().urls().stream()
                    .filter(u -> hostOfUrl(u).filter(domain::equalsIgnoreCase).isPresent()).toList();
            boolean isLink = linkHosts.contains(domain) || !emailDomains.contains(domain);
            found.addAll(judge(domain, analysis.exactDomains().contains(domain), new Context(named, urls, isLink)));
        }
        found.forEach(analysis::add);
        int domains = analysis.entities().domains().size();
        if (domains == 0 && analysis.entities().urls().isEmpty()) {
            return "No domains to check";
        }
        long warnings = found.stream().filter(Finding::isSignal).count();
        return (warnings == 0 ? "No warning signs" : Counts.of(warnings, "warning sign")) + " on " + Counts.of(domains, "domain");
    }

    /** The brands the text names, outside the domains and links in it (unless those are a brand's own). */
    List<Brand> namedIn(String text) {
        Matcher token = DOMAIN_TOKEN.matcher(text);
        StringBuilder prose = new StringBuilder();
        while (token.find()) {
            Optional<String> host = hostOfUrl(token.group().replaceAll("[.,;:!?)\\]}'\"]+$", ""));
            token.appendReplacement(prose, host.flatMap(brands::owner).isPresent() ? Matcher.quoteReplacement(token.group()) : " ");
        }
        token.appendTail(prose);
        // a chat app's name is on every screenshot of it ("end-to-end encrypted, not even WhatsApp can read"): no claim
        return brands.namedIn(prose.toString()).stream().filter(b -> !b.category().equals("messaging")).toList();
    }

    /** The signals on one domain, with nothing known of the message around it. */
    List<Finding> judge(String domain, boolean exact) {
        return judge(domain, exact, Context.NONE);
    }

    /**
     * The signals on one domain.
     *
     * @param exact whether the domain was seen character for character (pasted text, QR code) rather than read by
     *              OCR; only then does a brand's own domain speak for the message, because OCR reads a lookalike
     *              such as {@code paypa1.com} as {@code paypal.com}
     */
    List<Finding> judge(String domain, boolean exact, Context context) {
        List<Finding> found = new ArrayList<>();
        InternetDomainName name = InternetDomainName.from(domain);
        String registrable = name.topPrivateDomain().toString();
        String suffix = name.publicSuffix().toString();
        String label = registrable.substring(0, registrable.length() - suffix.length() - 1);
        List<String> subdomains = name.parts().subList(0, name.parts().size() - InternetDomainName.from(registrable).parts().size());

        Optional<Brand> official = ownerOf(domain, context.named());
        Optional<String> open = ANYONE_PUBLISHES.stream().filter(h -> domain.equals(h) || domain.endsWith("." + h)).findFirst();
        if (official.isPresent() && open.isPresent()) {
            found.add(finding(0, domain + " is " + official.get().possessive() + ", but anyone can put their own page, form, "
                    + "number or payment request there: it does not show who sent the message"));
            return found;
        }
        if (official.isPresent()) {
            found.add(exact ? finding(OWN_DOMAIN_SEEN_EXACTLY, domain + " belongs to " + official.get().name())
                    : finding(0, domain + " reads as " + official.get().possessive()
                    + " own domain, but a screenshot cannot show a lookalike such as a 1 for an l: check the real link"));
            return found;
        }
        if (Shorteners.isShortener(domain) || Shorteners.isShortener(registrable)) {
            found.addAll(shortened(domain, context));
            return found;
        }
        Optional<Brand> misread = exact ? Optional.empty() : misuse.misreadOf(label, suffix);
        if (misread.isPresent()) {
            found.add(finding(0, domain + " may be " + misread.get().possessive() + " website (" + misread.get().website()
                    + ") with letters the screenshot's text recognition misread, or a lookalike of it: check the real link"));
            return found;
        }
        misuse.strongest(domain, registrable, label, subdomains, context).ifPresent(found::add);
        if (name.parts().stream().anyMatch(p -> p.startsWith("xn--"))) {
            found.add(finding(PUNYCODE, domain + " is an internationalised name ("
                    + java.net.IDN.toUnicode(domain) + ") that can hide lookalike letters"));
        }
        String tld = name.parts().get(name.parts().size() - 1).toLowerCase(Locale.ROOT);
        if (RISKY_TLDS.contains(tld)) {
            found.add(finding(RISKY_TLD, domain + " uses ." + tld + ", a top-level domain common in scams"));
        }
        if (subdomains.size() >= 3) {
            found.add(finding(DEEP_SUBDOMAINS, domain + " has " + subdomains.size() + " levels of subdomains"));
        }
        rdap.age(registrable).ifPresent(age -> {
            if (age.compareTo(Duration.ofDays(30)) < 0) {
                found.add(finding(25, registrable + " was registered " + age.toDays() + " days ago"));
            }
        });
        return found;
    }

    /** The brand that owns the domain, preferring one the message names (www.gov.uk is HMRC's and DVLA's). */
    private Optional<Brand> ownerOf(String domain, List<Brand> named) {
        return named.stream().filter(b -> brands.owns(b, domain)).findFirst().or(() -> brands.owner(domain));
    }

    /** A link shortener: a note, or a signal when the message names a brand; followed to its end when enabled. */
    private List<Finding> shortened(String domain, Context context) {
        List<Finding> found = new ArrayList<>();
        List<String> notFollowed = new ArrayList<>();
        for (String url : context.urls()) {
            if (!expander.enabled()) {
                notFollowed.add(url);
                continue;
            }
            Optional<java.net.URI> end = expander.expand(url).destination();
            Optional<String> endDomain = end.map(java.net.URI::getHost).flatMap(EntityExtractor::domainOf);
            if (endDomain.isEmpty() || Shorteners.isShortener(endDomain.get())) {
                notFollowed.add(url);
                continue;
            }
            String leads = BrandMisuse.display(url) + " leads to " + endDomain.get();
            List<Finding> there = judge(endDomain.get(), true, new Context(context.named(), List.of(end.get().toString()), true));
            if (there.isEmpty()) {
                found.add(finding(0, leads));
            }
            for (Finding f : there) {
                found.add(finding(f.weight(), leads + ": " + f.reason()));
            }
        }
        if (context.urls().isEmpty() || !notFollowed.isEmpty()) {
            String link = notFollowed.isEmpty() ? domain : BrandMisuse.display(notFollowed.get(0));
            if (context.isLink() && !context.named().isEmpty()) {
                Brand brand = context.named().get(0);
                found.add(finding(SHORTENED_NAMED, "The message says it is from " + brand.name() + ", but its link " + link
                        + " goes through a link shortener that hides the real address (" + brand.possessive() + " website is "
                        + brand.website() + ")"));
            } else {
                found.add(finding(0, domain + " is a link shortener: the real address is hidden"));
            }
        }
        return found;
    }

    private static Optional<String> hostOfUrl(String url) {
        return EntityExtractor.hostOf(url.contains("://") ? url : "http://" + url)
                .filter(h -> !EntityExtractor.isIpLiteral(h))
                .flatMap(EntityExtractor::domainOf);
    }

    Finding finding(int weight, String reason) {
        return new Finding(name(), weight, reason, Finding.LINK);
    }
}
