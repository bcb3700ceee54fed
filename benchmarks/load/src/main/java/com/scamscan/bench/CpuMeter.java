package com.scamscan.bench;

import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Where the CPU went during a measurement: the relay under test (the gateway or a reference peer), Redis and this
 * generator, each as a share of one core over the wall-clock time measured. On a 2-core box the three compete; this
 * says which one is the limit.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final String relayName;
    private final List<Long> relayPids;
    private final DoubleSupplier redis;
    private final long startNanos = System.nanoTime();
    private final double relayStart;
    private final double redisStart;
    private final double generatorStart;

    /** {@code redis} says how many CPU seconds Redis (all its nodes) has used so far; several relays are summed. */
    CpuMeter(List<Relay> relays, DoubleSupplier redis) {
        this.relayName = relays.get(0).name();
        this.relayPids = relays.stream().map(Relay::pid).toList();
        this.redis = redis;
        this.relayStart = relaysSeconds();
        this.redisStart = redis.getAsDouble();
        this.generatorStart = generatorSeconds();
    }

    /** CPU seconds the relay (all of them) has used since this meter started. */
    double relaySeconds() {
        return relaysSeconds() - relayStart;
    }

    private double relaysSeconds() {
        return relayPids.stream().mapToDouble(CpuMeter::processSeconds).sum();
    }

    /** CPU seconds Redis has used since this meter started. */
    double redisSeconds() {
        return redis.getAsDouble() - redisStart;
    }

    /** Puts {@code cpu_cores_RELAY} (e.g. {@code cpu_cores_gateway}), {@code cpu_cores_redis} and {@code cpu_cores_generator}. */
    void report(Map<String, Object> report) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        report.put("cpu_cores_" + relayName, ReportFormat.round(relaySeconds() / wall));
        report.put("cpu_cores_redis", ReportFormat.round((redis.getAsDouble() - redisStart) / wall));
        report.put("cpu_cores_generator", ReportFormat.round((generatorSeconds() - generatorStart) / wall));
    }

    /** CPU seconds a process has used so far. */
    static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds a Redis server says it has used so far. */
    static double redisSeconds(StatefulRedisConnection<String, String> redis) {
        double total = 0;
        for (String line : redis.sync().info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    private static double generatorSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
