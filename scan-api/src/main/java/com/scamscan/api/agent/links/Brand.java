package com.scamscan.api.agent.links;

import java.util.List;

/**
 * A brand scam messages impersonate, as {@code signals/brands.tsv} describes it.
 *
 * @param id stable identifier
 * @param name the name people read in reasons
 * @param names the names and aliases a message uses for it (a leading {@code =} marks a name matched only as
 *              written or in capitals)
 * @param domains the registrable domains it owns; the first is the one reasons name
 * @param category bank, parcel, government, ...
 * @param country ISO 3166 code, or {@code INT}
 * @param keys its names as a domain would spell them: lower-case letters and digits run together ({@code royalmail})
 * @param wordKeys the keys that are also ordinary words ({@code apple}, {@code orange}: names marked {@code =}); a
 *                 domain using one imitates the brand only when the message names it
 */
public record Brand(String id, String name, List<String> names, List<String> domains, String category, String country,
                    List<String> keys, java.util.Set<String> wordKeys) {

    public Brand {
        names = List.copyOf(names);
        domains = List.copyOf(domains);
        keys = List.copyOf(keys);
        wordKeys = java.util.Set.copyOf(wordKeys);
    }

    /** The domain reasons name as the brand's real website. */
    public String website() {
        return domains.get(0);
    }

    /** The name in the possessive, for reasons: "Evri's", "Barclays'". */
    public String possessive() {
        return name.endsWith("s") ? name + "'" : name + "'s";
    }
}
