package com.scamscan.bench;

import com.scamscan.testing.redis.RedisFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scenario against the gateway and the reference peers ({@code --peers=node,python}) in one run on one Redis,
 * interleaved: gateway, node, python, gateway, node, python ({@code --repeats}, 2 by default). Each measurement gets
 * a freshly started relay, alone on the machine besides Redis and the generator, warmed by the scenario's own
 * warm-up (the stream scenario's {@code --warmup} seconds of the same load, the connect scenario's warm-up rounds);
 * the idle scenario measures resident-memory growth, which only a fresh process shows. The figures that compare
 * ({@link #METRICS}) are reduced to the median over the repeats and divided by the Node relay's (the peer a team
 * would otherwise write): {@code gateway/node} and {@code python/node}.
 *
 * <p>The story's relay holds two sockets (client and Redis) and a Redis client per stream, so its idle run is
 * capped at {@code --python-max-connections} (4000 by default: Redis's default 10,000 clients and the 20,000 file
 * descriptors here would not hold 10,000); its per-connection figure is still comparable.
 */
final class Comparison {

    /** The figures compared, per scenario; for all of them less is better. */
    static final Map<String, List<String>> METRICS = Map.of(
            "stream", List.of("cpu_us_per_event", "cpu_cores", "latency_ms_p50", "latency_ms_p99", "connect_ms_p50"),
            "connect", List.of("connect_ms_p50", "connect_ms_p99", "cpu_us_per_connection_life"),
            "idle", List.of("rss_per_connection_kb"));

    private static final String BASELINE = "node";

    private Comparison() {
    }

    static void run(String scenario, BenchRun run) throws Exception {
        List<String> relays = new ArrayList<>(List.of(Relay.GATEWAY));
        for (String peer : run.options.get("peers").split(",")) {
            if (!peer.isBlank() && !relays.contains(peer.trim())) {
                relays.add(peer.trim());
            }
        }
        int repeats = run.integer("repeats", 2);
        List<String> metrics = METRICS.get(scenario);
        if (metrics == null) {
            throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        boolean ok = true;
        try (RedisFixture redis = RedisFixture.startNew()) {
            for (int repeat = 1; repeat <= repeats; repeat++) {
                for (String name : relays) {
                    BenchRun one = new BenchRun(optionsFor(scenario, name, run.options));
                    one.report.put("relay", name);
                    one.report.put("repeat", repeat);
                    one.report.put("loadavg_before", loadAverage()); // other work on the machine, for the reader to judge
                    int connections = LoadGenerator.connections(scenario, one);
                    try (Relay relay = name.equals(Relay.GATEWAY) ? Relay.gateway(one, Map.of("redis.uri", redis.uri()), connections)
                            : Relay.peer(name, one, redis.uri())) {
                        LoadGenerator.measure(scenario, one, redis, relay);
                    }
                    one.report.put("loadavg_after", loadAverage());
                    Object cores = one.report.get("cpu_cores_" + name);
                    if (cores != null) {
                        one.report.put("cpu_cores", cores);
                    }
                    ok &= Boolean.TRUE.equals(one.report.get("ok"));
                    runs.add(one.report);
                    System.out.println(ReportFormat.json(one.report));
                }
            }
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        Map<String, Object> ranges = new LinkedHashMap<>();
        for (String name : relays) {
            Map<String, Object> median = new LinkedHashMap<>();
            Map<String, Object> range = new LinkedHashMap<>();
            for (String metric : metrics) {
                double[] values = runs.stream().filter(r -> r.get("relay").equals(name) && r.get(metric) instanceof Number)
                        .mapToDouble(r -> ((Number) r.get(metric)).doubleValue()).sorted().toArray();
                if (values.length > 0) {
                    median.put(metric, ReportFormat.round(median(values)));
                    range.put(metric, List.of(values[0], values[values.length - 1]));
                }
            }
            medians.put(name, median);
            ranges.put(name, range);
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> baseline = (Map<String, Object>) medians.getOrDefault(BASELINE, Map.of());
        for (String name : relays) {
            if (name.equals(BASELINE) || baseline.isEmpty()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> mine = (Map<String, Object>) medians.get(name);
            Map<String, Object> ratio = new LinkedHashMap<>();
            for (String metric : metrics) {
                if (mine.get(metric) instanceof Number m && baseline.get(metric) instanceof Number b && b.doubleValue() > 0) {
                    ratio.put(metric, ReportFormat.round(m.doubleValue() / b.doubleValue()));
                }
            }
            ratios.put(name + "/" + BASELINE, ratio);
        }
        run.report.put("relays", relays);
        run.report.put("repeats", repeats);
        run.report.put("runs", runs);
        run.report.put("medians", medians);
        run.report.put("ranges", ranges);
        run.report.put("ratios", ratios);
        run.report.put("ok", ok);
        System.out.println(table(relays, metrics, medians, ranges, ratios));
    }

    /** The run's options for one relay: the story's relay gets at most {@code python-max-connections} idle ones. */
    private static Map<String, String> optionsFor(String scenario, String relay, Map<String, String> options) {
        Map<String, String> mine = new LinkedHashMap<>(GatewayUnderTest.idleWithoutWarmUp(scenario, options));
        mine.remove("peers");
        if (relay.equals("python") && scenario.equals("idle")) {
            int cap = Integer.parseInt(options.getOrDefault("python-max-connections", "4000"));
            int asked = Integer.parseInt(options.getOrDefault("connections", "1000"));
            mine.put("connections", Integer.toString(Math.min(cap, asked)));
        }
        return mine;
    }

    /** The machine's 1-minute load average (runnable threads, all processes), or -1. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Medians (min-max over the repeats) per relay, then each relay's ratio to the Node relay (none when
     * {@code ratios} is empty); the first column as wide as the longest metric's name.
     */
    @SuppressWarnings("unchecked")
    static String table(List<String> relays, List<String> metrics, Map<String, Object> medians, Map<String, Object> ranges,
                        Map<String, Object> ratios) {
        int width = Math.max(28, metrics.stream().mapToInt(String::length).max().orElse(0) + 2);
        String name = "%-" + width + "s";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, name, "median (min-max)"));
        relays.forEach(r -> out.append(String.format(Locale.ROOT, "%-26s ", r)));
        ratios.keySet().forEach(r -> out.append(String.format(Locale.ROOT, "%-13s ", r)));
        out.append('\n');
        for (String metric : metrics) {
            out.append(String.format(Locale.ROOT, name, metric));
            for (String relay : relays) {
                Object median = ((Map<String, Object>) medians.get(relay)).get(metric);
                Object range = ((Map<String, Object>) ranges.get(relay)).get(metric);
                String cell = median == null ? "-" : median + (range instanceof List<?> l ? " (" + l.get(0) + "-" + l.get(1) + ")" : "");
                out.append(String.format(Locale.ROOT, "%-26s ", cell));
            }
            for (Object ratio : ratios.values()) {
                Object value = ((Map<String, Object>) ratio).get(metric);
                out.append(String.format(Locale.ROOT, "%-13s ", value == null ? "-" : value + "x"));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
