package com.scamscan.api.agent.links;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The link shorteners of {@code signals/shorteners.txt}: links through them hide the real address. */
public final class Shorteners {

    private static final Set<String> HOSTS = read("signals/shorteners.txt");

    private Shorteners() {
    }

    /** Whether this host (or the domain it is under) is a link shortener. */
    public static boolean isShortener(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("www.")) {
            name = name.substring(4);
        }
        return HOSTS.contains(name);
    }

    /** All known shorteners. */
    public static Set<String> all() {
        return HOSTS;
    }

    private static Set<String> read(String resource) {
        try (InputStream in = Shorteners.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
