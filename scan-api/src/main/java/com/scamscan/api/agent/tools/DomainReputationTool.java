package com.scamscan.api.agent.tools;

import com.google.common.net.InternetDomainName;
import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.api.agent.text.Lookalikes;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Offline signals on each domain and link: brand lookalikes (after undoing OCR and typo-squatting
 * substitutions), a brand name used as a subdomain, internationalised (punycode) names, risky top-level
 * domains, link shorteners, bare IP addresses, deep subdomains; and, when RDAP is enabled, the domain's age.
 */
@Singleton
public class DomainReputationTool implements AgentTool {

    static final Set<String> RISKY_TLDS = Set.of("top", "xyz", "icu", "click", "cfd", "sbs", "buzz", "rest", "monster",
            "cyou", "tk", "ml", "ga", "cf", "gq", "zip", "mov", "country", "kim", "work", "support", "live", "quest", "bond");
    static final Set<String> SHORTENERS = Set.of("bit.ly", "tinyurl.com", "t.co", "goo.gl", "is.gd", "ow.ly", "cutt.ly",
            "rb.gy", "shorturl.at", "tiny.cc", "s.id", "t.ly", "buff.ly");

    private final RdapClient rdap;

    public DomainReputationTool(RdapClient rdap) {
        this.rdap = rdap;
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
                    .ifPresent(ip -> found.add(new Finding(name(), 30, "The link " + url + " points at a bare IP address ("
                            + ip + ") instead of a name")));
        }
        for (String domain : analysis.entities().domains()) {
            found.addAll(judge(domain, analysis.exactDomains().contains(domain)));
        }
        found.forEach(analysis::add);
        int domains = analysis.entities().domains().size();
        if (domains == 0 && analysis.entities().urls().isEmpty()) {
            return "No domains to check";
        }
        long warnings = found.stream().filter(f -> f.weight() > 0).count();
        return (warnings == 0 ? "No warning signs" : Counts.of(warnings, "warning sign")) + " on " + Counts.of(domains, "domain");
    }

    /**
     * The signals on one domain.
     *
     * @param exact whether the domain was seen character for character (pasted text, QR code) rather than read by
     *              OCR; only then does a brand's own domain speak for the message, because OCR reads a lookalike
     *              such as {@code paypa1.com} as {@code paypal.com}
     */
    List<Finding> judge(String domain, boolean exact) {
        List<Finding> found = new ArrayList<>();
        InternetDomainName name = InternetDomainName.from(domain);
        String registrable = name.topPrivateDomain().toString();
        String suffix = name.publicSuffix().toString();
        String label = registrable.substring(0, registrable.length() - suffix.length() - 1);
        List<String> subdomains = name.parts().subList(0, name.parts().size() - InternetDomainName.from(registrable).parts().size());

        Optional<Lookalikes.Brand> official = Lookalikes.officialBrandOf(registrable);
        if (official.isPresent()) {
            found.add(exact ? new Finding(name(), -10, domain + " belongs to " + official.get().name())
                    : new Finding(name(), 0, domain + " reads as " + official.get().name()
                    + "'s own domain, but a screenshot cannot show a lookalike such as a 1 for an l: check the real link"));
            return found;
        }
        Lookalikes.lookalikeOf(label).ifPresent(brand -> found.add(new Finding(name(), 45, domain
                + " imitates " + brand.name() + " (" + brand.domains().get(0) + ")")));
        if (found.isEmpty()) {
            Lookalikes.brandInside(label).ifPresent(brand -> found.add(new Finding(name(), 30, domain
                    + " uses the name " + brand.name() + " but is not " + brand.domains().get(0))));
        }
        for (String sub : subdomains) {
            Lookalikes.lookalikeOf(sub).or(() -> Lookalikes.brandInside(sub)).ifPresent(brand -> found.add(new Finding(name(), 40,
                    domain + " puts " + brand.name() + " in front of the unrelated domain " + registrable)));
        }
        if (name.parts().stream().anyMatch(p -> p.startsWith("xn--"))) {
            found.add(new Finding(name(), 25, domain + " is an internationalised name ("
                    + java.net.IDN.toUnicode(domain) + ") that can hide lookalike letters"));
        }
        String tld = name.parts().get(name.parts().size() - 1).toLowerCase(Locale.ROOT);
        if (RISKY_TLDS.contains(tld)) {
            found.add(new Finding(name(), 15, domain + " uses ." + tld + ", a top-level domain common in scams"));
        }
        if (SHORTENERS.contains(registrable)) {
            found.add(new Finding(name(), 15, domain + " is a link shortener that hides where the link goes"));
        }
        if (subdomains.size() >= 3) {
            found.add(new Finding(name(), 10, domain + " has " + subdomains.size() + " levels of subdomains"));
        }
        rdap.age(registrable).ifPresent(age -> {
            if (age.compareTo(Duration.ofDays(30)) < 0) {
                found.add(new Finding(name(), 25, registrable + " was registered " + age.toDays() + " days ago"));
            }
        });
        return found;
    }
}
