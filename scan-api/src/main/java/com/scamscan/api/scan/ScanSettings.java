package com.scamscan.api.scan;

import com.scamscan.api.problem.UploadLimit;
import com.scamscan.protocol.StreamUrl;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Upload limits and the addresses scan-api hands out.
 *
 * @param maxImageBytes the largest accepted image (413 above it)
 * @param maxPixels the most pixels an image may have, read from its header before decoding (422 above it)
 * @param maxTextChars the longest accepted {@code text} part (400 above it)
 * @param defaultRegion the phone region assumed when the request names none (ISO 3166 alpha-2)
 * @param gatewayUrl the gateway's public base URL; {@code ws_url} is this plus {@code /ws/agent-progress/ID?token=T} ({@link StreamUrl})
 * @param gatewayStyle {@code path} for the container gateway, as above; {@code query} for an AWS API Gateway
 *                     WebSocket stage, where {@code ws_url} is this plus {@code ?task_id=ID&token=T}
 * @param maxQueued the most scans that may be on the queue's stream (waiting or being analysed), over all instances; an
 *                  upload beyond it is refused
 *                  (503 {@code /problems/queue-full}, nothing stored), so queued uploads hold at most
 *                  {@code maxQueued * maxImageBytes} of Redis memory
 * @param queueFullRetryAfter the {@code Retry-After} of that refusal
 * @param uploadTtl how long an uploaded image is kept in Redis from its submission, waiting for a worker: a scan not
 *                  taken by then ends {@code failed} ("the uploaded image expired"); the task record itself lives as
 *                  long as {@code scamscan.progress.ttl}
 */
@ConfigurationProperties(ScanSettings.PREFIX)
@Context // a bad value stops startup instead of failing the first request
public record ScanSettings(
        @Bindable(defaultValue = "10485760") int maxImageBytes,
        @Bindable(defaultValue = "40000000") long maxPixels,
        @Bindable(defaultValue = "10000") int maxTextChars,
        @Bindable(defaultValue = "US") String defaultRegion,
        @Bindable(defaultValue = "ws://localhost:8081") String gatewayUrl,
        @Bindable(defaultValue = "path") String gatewayStyle,
        @Bindable(defaultValue = "100") int maxQueued,
        @Bindable(defaultValue = "30s") Duration queueFullRetryAfter,
        @Bindable(defaultValue = "10m") Duration uploadTtl) implements UploadLimit {

    public static final String PREFIX = "scamscan.scan";

    public ScanSettings {
        if (maxImageBytes < 1 || maxPixels < 1 || maxTextChars < 0) {
            throw new IllegalArgumentException(PREFIX + " limits must be positive");
        }
        if (!gatewayUrl.startsWith("ws://") && !gatewayUrl.startsWith("wss://")) {
            throw new IllegalArgumentException(PREFIX + ".gateway-url must start with ws:// or wss://, was " + gatewayUrl);
        }
        if (!gatewayStyle.equals("path") && !gatewayStyle.equals("query")) {
            throw new IllegalArgumentException(PREFIX + ".gateway-style must be path or query, was " + gatewayStyle);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException(PREFIX + ".max-queued must be at least 1, was " + maxQueued);
        }
        if (queueFullRetryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException(PREFIX + ".queue-full-retry-after must be at least 1s, was " + queueFullRetryAfter);
        }
        if (uploadTtl.toMillis() < 100) {
            throw new IllegalArgumentException(PREFIX + ".upload-ttl must be at least 100ms, was " + uploadTtl);
        }
        gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    /** The {@code ws_url} of a task with its stream token. */
    public String wsUrl(String taskId, String token) {
        return new StreamUrl(gatewayUrl, StreamUrl.Style.of(gatewayStyle)).forTask(taskId, token);
    }

    /** The {@code sse_url} of a task with its stream token; null behind API Gateway (no SSE there). */
    public String sseUrl(String taskId, String token) {
        return new StreamUrl(gatewayUrl, StreamUrl.Style.of(gatewayStyle)).sseForTask(taskId, token);
    }
}
