package com.scamscan.api.agent.links;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The brands of {@code signals/brands.tsv}: which brand owns a domain, and which brands a message names.
 */
public final class Brands {

    private static final String RESOURCE = "signals/brands.tsv";
    /** Names this short are matched only as written or in capitals ("UPS", not "ups and downs"). */
    private static final int SHORT_NAME = 4;

    private static volatile Brands standard;

    private final List<Brand> brands;
    private final Map<String, Brand> byDomain = new LinkedHashMap<>();
    private final List<Mention> mentions = new ArrayList<>();

    private record Mention(Brand brand, Pattern pattern) {
    }

    private Brands(List<Brand> brands) {
        this.brands = List.copyOf(brands);
        for (Brand brand : brands) {
            brand.domains().forEach(domain -> byDomain.putIfAbsent(domain, brand));
            for (String name : brand.names()) {
                mentions.add(new Mention(brand, mentionPattern(name)));
            }
        }
    }

    /** The brands of {@code signals/brands.tsv}, read once. */
    public static Brands standard() {
        Brands loaded = standard;
        if (loaded == null) {
            synchronized (Brands.class) {
                if (standard == null) {
                    standard = read(RESOURCE);
                }
                loaded = standard;
            }
        }
        return loaded;
    }

    /** Reads a brands file from the class path. */
    static Brands read(String resource) {
        try (InputStream in = Brands.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Brands from the lines of a brands file (see the file's header for the columns). */
    public static Brands parse(List<String> lines) {
        List<Brand> brands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 6) {
                throw new IllegalArgumentException("line " + (i + 1) + " has " + columns.length + " columns instead of 6");
            }
            List<String> names = split(columns[2]);
            List<String> domains = split(columns[3]).stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
            if (names.isEmpty() || domains.isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + " needs at least one name and one domain");
            }
            List<String> keys = names.stream().map(Brands::key).filter(k -> !k.isEmpty()).distinct().toList();
            java.util.Set<String> wordKeys = names.stream().filter(n -> n.startsWith("=")).map(Brands::key)
                    .collect(java.util.stream.Collectors.toSet());
            brands.add(new Brand(columns[0].trim(), columns[1].trim(), names, domains, columns[4].trim(), columns[5].trim(),
                    keys, wordKeys));
        }
        return new Brands(brands);
    }

    public List<Brand> all() {
        return brands;
    }

    /**
     * The brand that owns this host: the host or one of its parent domains is one of the brand's domains
     * ({@code tax.service.gov.uk} is HMRC's, {@code www.paypal.com} PayPal's).
     */
    public Optional<Brand> owner(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        while (true) {
            Brand brand = byDomain.get(name);
            if (brand != null) {
                return Optional.of(brand);
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
    }

    /** Whether {@code brand} owns this host. */
    public boolean owns(Brand brand, String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return brand.domains().stream().anyMatch(d -> name.equals(d) || name.endsWith("." + d));
    }

    /** The brands the text names, in the order it first names them. */
    public List<Brand> namedIn(String text) {
        Map<Brand, Integer> first = new LinkedHashMap<>();
        for (Mention mention : mentions) {
            Matcher m = mention.pattern().matcher(text);
            if (m.find()) {
                first.merge(mention.brand(), m.start(), Math::min);
            }
        }
        return first.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** A name as a domain spells it: accents dropped, letters and digits only, lower case ("Crédit Agricole" -> creditagricole). */
    public static String key(String name) {
        String plain = Normalizer.normalize(name.startsWith("=") ? name.substring(1) : name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Pattern mentionPattern(String name) {
        boolean asWritten = name.startsWith("=") || name.length() <= SHORT_NAME;
        String written = name.startsWith("=") ? name.substring(1) : name;
        String body = asWritten
                ? "(?:" + words(written) + "|" + words(written.toUpperCase(Locale.ROOT)) + ")"
                : "(?iu:" + words(written) + ")";
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])");
    }

    /** The name with any run of spaces in it matching any run of white space. */
    private static String words(String name) {
        return Arrays.stream(name.trim().split("\\s+")).map(Pattern::quote).reduce((a, b) -> a + "\\s+" + b).orElseThrow();
    }

    private static List<String> split(String column) {
        return Arrays.stream(column.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
