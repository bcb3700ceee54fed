package com.scamscan.bench;

import com.scamscan.testing.redis.RedisFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code coldstart} scenario: how a freshly started relay does under load before its JIT has warmed up. Each
 * measurement starts the relay, runs the stream scenario at once with no warm-up (the "first" run: every event's
 * latency counts, from the first handshake on), then again in the same process on new tasks and connections after
 * the usual {@code --warmup} seconds of the same load (the "warm" run), and divides first by warm (p50 and p99).
 *
 * <p>The gateway's JVM options are {@code --gateway-jvm}; to compare settings side by side, {@code --variants=a,b}
 * runs one gateway per variant with {@code --jvm-a=...} and {@code --jvm-b=...} as its JVM options (named
 * {@code gateway-a}, {@code gateway-b}). {@code --peers=node} adds the Node relay as a reference (a runtime with no
 * JIT warm-up to speak of). Relays run in turn on one Redis, {@code --repeats} times (2 by default), and the figures
 * are medians over the repeats. The generator's own JIT is warmed first by {@code --generator-warmup} seconds (10 by
 * default) of the same load against a gateway that is then stopped, so that a cold generator does not count against
 * the first relay measured.
 */
final class ColdStart {

    /**
     * The figures of one measurement, compared across relays: first and warm latency and their ratios; time to
     * /health and the CPU seconds used until then; CPU seconds used by the first run and by the warm one (which
     * includes its warm-up); CPU per event delivered once warm (after the warm run's warm-up).
     */
    static final List<String> METRICS = List.of("first_p50_ms", "first_p99_ms", "warm_p50_ms", "warm_p99_ms", "p50_ratio",
            "p99_ratio", "start_ms", "start_cpu_s", "first_cpu_s", "warm_cpu_s", "warm_cpu_us_per_event");

    private ColdStart() {
    }

    static void run(BenchRun run) throws Exception {
        Map<String, String> jvms = new LinkedHashMap<>(); // relay name -> gateway JVM options (null for a peer)
        String variants = run.options.get("variants");
        if (variants == null) {
            jvms.put(Relay.GATEWAY, run.options.getOrDefault("gateway-jvm", GatewayUnderTest.DEFAULT_JVM));
        } else {
            for (String variant : variants.split(",")) {
                String jvm = run.options.get("jvm-" + variant.trim());
                if (jvm == null) {
                    throw new IllegalArgumentException("--variants names " + variant + " but there is no --jvm-" + variant);
                }
                jvms.put(Relay.GATEWAY + "-" + variant.trim(), jvm);
            }
        }
        for (String peer : run.options.getOrDefault("peers", "").split(",")) {
            if (!peer.isBlank()) {
                jvms.put(peer.trim(), null);
            }
        }
        int repeats = run.integer("repeats", 2);
        List<Map<String, Object>> runs = new ArrayList<>();
        boolean ok = true;
        try (RedisFixture redis = RedisFixture.startNew()) {
            int generatorWarmup = run.integer("generator-warmup", 10);
            if (generatorWarmup > 0) {
                BenchRun warmup = new BenchRun(options(run.options, Map.of("warmup", "0", "seconds", Integer.toString(generatorWarmup))));
                try (Relay gateway = Relay.gateway(withJvm(warmup, jvms.values().iterator().next()), Map.of("redis.uri", redis.uri()),
                        LoadGenerator.connections("stream", warmup))) {
                    LoadGenerator.measure("stream", warmup, redis, gateway);
                }
            }
            for (int repeat = 1; repeat <= repeats; repeat++) {
                for (Map.Entry<String, String> relay : jvms.entrySet()) {
                    Map<String, Object> one = measure(run, redis, relay.getKey(), relay.getValue());
                    one.put("repeat", repeat);
                    ok &= Boolean.TRUE.equals(one.get("ok"));
                    runs.add(one);
                    System.out.println(ReportFormat.json(one));
                }
            }
        }
        Map<String, Object> medians = new LinkedHashMap<>();
        Map<String, Object> ranges = new LinkedHashMap<>();
        for (String name : jvms.keySet()) {
            Map<String, Object> median = new LinkedHashMap<>();
            Map<String, Object> range = new LinkedHashMap<>();
            for (String metric : METRICS) {
                double[] values = runs.stream().filter(r -> r.get("relay").equals(name) && r.get(metric) instanceof Number)
                        .mapToDouble(r -> ((Number) r.get(metric)).doubleValue()).sorted().toArray();
                if (values.length > 0) {
                    median.put(metric, ReportFormat.round(Comparison.median(values)));
                    range.put(metric, List.of(values[0], values[values.length - 1]));
                }
            }
            medians.put(name, median);
            ranges.put(name, range);
        }
        run.report.put("relays", List.copyOf(jvms.keySet()));
        run.report.put("repeats", repeats);
        run.report.put("runs", runs);
        run.report.put("medians", medians);
        run.report.put("ranges", ranges);
        run.report.put("ok", ok);
        System.out.println(Comparison.table(List.copyOf(jvms.keySet()), METRICS, medians, ranges, Map.of()));
    }

    /** One fresh relay: started, measured first with no warm-up, then warm, then stopped. */
    private static Map<String, Object> measure(BenchRun run, RedisFixture redis, String name, String jvm) throws Exception {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("relay", name);
        if (jvm != null) {
            one.put("gateway_jvm", jvm);
        }
        one.put("loadavg_before", Comparison.loadAverage());
        BenchRun first = withJvm(new BenchRun(options(run.options, Map.of("warmup", "0"))), jvm);
        BenchRun warm = withJvm(new BenchRun(options(run.options, Map.of())), jvm);
        int connections = LoadGenerator.connections("stream", first);
        long startNanos = System.nanoTime();
        try (Relay relay = jvm != null ? Relay.gateway(first, Map.of("redis.uri", redis.uri()), connections)
                : Relay.peer(name, first, redis.uri())) {
            one.put("start_ms", Math.round((System.nanoTime() - startNanos) / 1e6));
            // CPU seconds, which a busy machine inflates far less than it does latency
            double started = CpuMeter.processSeconds(relay.pid());
            one.put("start_cpu_s", ReportFormat.round(started));
            LoadGenerator.measure("stream", first, redis, relay);
            double afterFirst = CpuMeter.processSeconds(relay.pid());
            one.put("first_cpu_s", ReportFormat.round(afterFirst - started));
            LoadGenerator.measure("stream", warm, redis, relay);
            one.put("warm_cpu_s", ReportFormat.round(CpuMeter.processSeconds(relay.pid()) - afterFirst));
        }
        one.put("loadavg_after", Comparison.loadAverage());
        put(one, "first_p50_ms", first.report.get("latency_ms_p50"));
        put(one, "first_p99_ms", first.report.get("latency_ms_p99"));
        put(one, "warm_p50_ms", warm.report.get("latency_ms_p50"));
        put(one, "warm_p99_ms", warm.report.get("latency_ms_p99"));
        if (one.get("first_p50_ms") instanceof Number f && one.get("warm_p50_ms") instanceof Number w && w.doubleValue() > 0) {
            one.put("p50_ratio", ReportFormat.round(f.doubleValue() / w.doubleValue()));
        }
        if (one.get("first_p99_ms") instanceof Number f && one.get("warm_p99_ms") instanceof Number w && w.doubleValue() > 0) {
            one.put("p99_ratio", ReportFormat.round(f.doubleValue() / w.doubleValue()));
        }
        String cores = "cpu_cores_" + (jvm != null ? Relay.GATEWAY : name);
        put(one, "first_cpu_cores", first.report.get(cores));
        put(one, "warm_cpu_cores", warm.report.get(cores));
        put(one, "first_connect_ms_p50", first.report.get("connect_ms_p50"));
        // per delivered event: the first run's (all of it) and the warm run's after its warm-up, the steady cost
        put(one, "first_cpu_us_per_event", first.report.get("cpu_us_per_event"));
        put(one, "warm_cpu_us_per_event", warm.report.get("cpu_us_per_event"));
        one.put("events_delivered", (Long) first.report.getOrDefault("events_delivered", 0L) + (Long) warm.report.getOrDefault("events_delivered", 0L));
        one.put("ok", Boolean.TRUE.equals(first.report.get("ok")) && Boolean.TRUE.equals(warm.report.get("ok")));
        return one;
    }

    private static void put(Map<String, Object> report, String key, Object value) {
        if (value != null) {
            report.put(key, value);
        }
    }

    private static BenchRun withJvm(BenchRun run, String jvm) {
        if (jvm != null) {
            run.options.put("gateway-jvm", jvm);
        }
        return run;
    }

    private static Map<String, String> options(Map<String, String> options, Map<String, String> overrides) {
        Map<String, String> mine = new LinkedHashMap<>(options);
        mine.keySet().removeIf(k -> k.equals("peers") || k.equals("variants") || k.startsWith("jvm-"));
        mine.putAll(overrides);
        return mine;
    }
}
