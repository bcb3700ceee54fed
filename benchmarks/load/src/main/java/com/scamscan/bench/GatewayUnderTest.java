package com.scamscan.bench;

import com.scamscan.testing.process.AppProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway jar as its own process ({@code --gateway-jar}, {@code --gateway-jvm}), sized for the run's
 * connections, and what the generator reads from outside it: heap after a GC (its /prometheus) and resident memory.
 */
final class GatewayUnderTest {

    /**
     * The gateway's JVM options unless {@code --gateway-jvm} says otherwise: a 1 GiB G1 heap with the heap flags its
     * container image starts with (gateway/server's pom), so that a run measures what ships.
     */
    static final String DEFAULT_JVM = "-Xmx1g -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=60000";

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)");

    private GatewayUnderTest() {
    }

    /** Starts the gateway on {@code redis} (its Redis properties) with a budget for {@code connections}. */
    static AppProcess start(BenchRun run, Map<String, String> redis, int connections) {
        Path jar = Path.of(run.options.getOrDefault("gateway-jar", "gateway/server/target/gateway-0.1.0-SNAPSHOT.jar"));
        List<String> jvm = List.of(run.options.getOrDefault("gateway-jvm", DEFAULT_JVM).split(" "));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.putAll(redis);
        properties.put("scamscan.gateway.budget.cap", Integer.toString(connections + 100));
        properties.put("scamscan.gateway.heartbeat-interval", run.integer("heartbeat", 15) + "s");
        // the warm-up before ready (on, as in the image) unless --gateway-warm-up=false; the idle scenario turns it off
        // by default (see idleWithoutWarmUp)
        properties.put("scamscan.gateway.warm-up.enabled", run.options.getOrDefault("gateway-warm-up", "true"));
        // off unless asked (as in every test start): --connect-limit=N counts each handshake as production does, and
        // a limit above the run's handshakes refuses none (all come from one address)
        if (run.options.containsKey("connect-limit")) {
            properties.put("scamscan.security.rate-limit.connects-per-window", Integer.toString(run.integer("connect-limit", 0)));
        }
        run.report.put("gateway_jvm", jvm);
        return AppProcess.start("gateway", jar, jvm, properties);
    }

    /**
     * The options for a scenario: {@code idle} measures resident memory grown from the moment before its clients
     * connect, which a warm-up just before (its garbage, its compiled code) would hide; so it starts the gateway without
     * one unless {@code --gateway-warm-up} says otherwise.
     */
    static Map<String, String> idleWithoutWarmUp(String scenario, Map<String, String> options) {
        if (!scenario.equals("idle") || options.containsKey("gateway-warm-up")) {
            return options;
        }
        Map<String, String> mine = new LinkedHashMap<>(options);
        mine.put("gateway-warm-up", "false");
        return mine;
    }

    static double heapAfterGc(AppProcess gateway) throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(gateway.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.http("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        Matcher m = HEAP.matcher(metrics);
        while (m.find()) {
            heap += Double.parseDouble(m.group(1));
        }
        return heap;
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
