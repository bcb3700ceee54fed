package com.scamscan.api.agent.signals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The general advice of {@code signals/advice.tsv}, by topic ({@code link}, {@code phone}, {@code report-GB}...). */
public final class Advice {

    private final Map<String, String> byTopic;

    private Advice(Map<String, String> byTopic) {
        this.byTopic = byTopic;
    }

    public static Advice load() {
        Map<String, String> byTopic = new LinkedHashMap<>();
        try (InputStream in = Advice.class.getClassLoader().getResourceAsStream("signals/advice.tsv")) {
            if (in == null) {
                throw new IllegalStateException("signals/advice.tsv is not on the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    throw new IllegalStateException("signals/advice.tsv line " + number + ": needs topic, advice");
                }
                byTopic.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String required : new String[]{"link", "phone", "email", "payment", "report", "careful"}) {
            if (!byTopic.containsKey(required)) {
                throw new IllegalStateException("signals/advice.tsv has no advice for " + required);
            }
        }
        return new Advice(Map.copyOf(byTopic));
    }

    public String of(String topic) {
        String advice = byTopic.get(topic);
        if (advice == null) {
            throw new IllegalArgumentException("no advice for " + topic);
        }
        return advice;
    }

    /** How to report a scam in the person's region, or the general way. */
    public String report(String region) {
        return Optional.ofNullable(byTopic.get("report-" + region)).orElse(byTopic.get("report"));
    }
}
