package com.scamscan.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.Locale;
import java.util.Map;

/**
 * scan-api: accepts screenshots, issues task ids and ws_urls, answers task status; and the agent's workers.
 *
 * <p>{@code SCAMSCAN_MODE} (or {@code -Dscamscan.mode}) picks what this process runs: {@code all} (default: the HTTP
 * API and the workers in one process), {@code api} (the HTTP API only; the agent runs elsewhere) or {@code worker}
 * (the workers only: they take scans from the Redis queue; the HTTP server answers only {@code /health} and
 * {@code /prometheus}); {@code dead-letters} runs the operator's {@link DeadLetterCommand} and exits. On AWS Lambda the entry point is
 * {@link com.scamscan.api.lambda.ScanApiFunction}, which is the API alone.
 */
@OpenAPIDefinition(info = @Info(title = "ScamScan scan-api", version = "0.1",
        description = "Upload a screenshot of a suspicious message, follow the analysis live, read the verdict. "
                + "The progress stream itself (WebSocket, gateway) is described by docs/asyncapi.yaml."))
public final class Application {

    /** The property (and, upper-cased, the environment variable) that picks the mode. */
    public static final String MODE = "scamscan.mode";
    /** Off: no agent workers in this process. */
    public static final String AGENT = "scamscan.agent.enabled";
    /** Off: no upload and status routes in this process. */
    public static final String API = com.scamscan.api.scan.ScanController.ENABLED;

    private Application() {
    }

    public static void main(String[] args) {
        String mode = System.getProperty(MODE, System.getenv().getOrDefault("SCAMSCAN_MODE", "all")).trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "all" -> Micronaut.run(Application.class, args);
            case "api" -> Micronaut.build(args).mainClass(Application.class).properties(Map.of(AGENT, "false")).start();
            // the workers keep an HTTP server for /health and /prometheus only: no upload, status or page routes
            case "worker" -> Micronaut.build(args).mainClass(Application.class).properties(Map.of(AGENT, "true", API, "false",
                    "micronaut.router.static-resources.default.enabled", "false")).start();
            // the operator's tool for the dead letters (no server, no workers): list or replay, then exit
            case "dead-letters" -> System.exit(DeadLetterCommand.run(args, Map.of(), System.out));
            default -> {
                System.err.println("SCAMSCAN_MODE must be all, api, worker or dead-letters; was " + mode);
                System.exit(2);
            }
        }
    }
}
