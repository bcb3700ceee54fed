package com.scamscan.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One benchmark run: its options ({@code --name=value}) and its figures, in the order they are measured. */
final class BenchRun {

    final Map<String, String> options;
    final Map<String, Object> report = new LinkedHashMap<>();

    BenchRun(Map<String, String> options) {
        this.options = new LinkedHashMap<>(options);
    }

    /** The option {@code name} as a number, or {@code fallback} when it is not given. */
    int integer(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }
}
