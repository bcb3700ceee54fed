package com.scamscan.progress;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** What the agent found in the message: every list is present, possibly empty. */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record Entities(List<String> urls, List<String> domains, List<String> emails, List<String> phones) {

    public Entities {
        urls = List.copyOf(urls);
        domains = List.copyOf(domains);
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
    }

    public static Entities none() {
        return new Entities(List.of(), List.of(), List.of(), List.of());
    }
}
