package com.scamscan.gateway.server.ecs;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.relay.ProgressRelay;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On Amazon ECS, starts the drain when ECS decides to stop this task, not when SIGTERM comes. ECS first takes the
 * task out of its load balancer's target group and waits out the deregistration delay, at whose end the load
 * balancer cuts every connection still open, and only then sends SIGTERM: a drain started by the signal would find
 * its clients already cut (1006, all at once). The task's metadata endpoint (v4, whose address ECS puts in
 * {@code ECS_CONTAINER_METADATA_URI_V4}) says {@code "DesiredStatus": "STOPPED"} from the moment ECS decided; this
 * polls it and then drains exactly as SIGTERM would ({@link ProgressRelay#drain}, which a later signal joins).
 * Off where the variable is not set (anywhere but ECS).
 */
@Context
@Requires(property = EcsStopWatch.METADATA_URI, pattern = ".+")
public class EcsStopWatch {

    /** The task metadata endpoint's base address (ECS sets {@code ECS_CONTAINER_METADATA_URI_V4}). */
    public static final String METADATA_URI = "scamscan.gateway.ecs.metadata-uri";

    private static final Logger LOG = LoggerFactory.getLogger(EcsStopWatch.class);

    private final ProgressRelay relay;
    private final GatewaySettings settings;
    private final ObjectMapper json;
    private final URI task;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "scamscan-ecs-watch");
        thread.setDaemon(true);
        return thread;
    });

    public EcsStopWatch(ProgressRelay relay, GatewaySettings settings, ObjectMapper json,
                        @Value("${" + METADATA_URI + "}") String metadataUri,
                        @Value("${scamscan.gateway.ecs.poll-interval:5s}") Duration pollInterval) {
        this.relay = relay;
        this.settings = settings;
        this.json = json;
        this.task = URI.create(metadataUri.endsWith("/") ? metadataUri + "task" : metadataUri + "/task");
        long every = Math.max(50, pollInterval.toMillis());
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Watching the ECS task metadata for a stop (every {} ms): the drain starts when ECS decides", every);
    }

    private void check() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(task).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return;
            }
            Object desired = json.readValue(answer.body(), Map.class).get("DesiredStatus");
            if ("STOPPED".equals(desired)) {
                LOG.info("ECS is stopping this task: draining now, before the load balancer cuts the connections");
                relay.drain(settings.drainTimeout());
                timer.shutdown();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ECS task metadata not read: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
