package com.scamscan.system;

import static org.awaitility.Awaitility.await;

import com.scamscan.testing.http.StubHttpServer;
import com.scamscan.testing.process.AppProcess;
import com.scamscan.testing.redis.RedisFixture;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged apps with web search pointed at a local stub that can hold the analysis inside {@code exa_search}:
 * long enough to kill the gateway mid-stream, let the rest of the analysis be published while no gateway runs,
 * and bring the gateway back on its port.
 */
final class HeldStack implements AutoCloseable {

    final StubHttpServer webSearch;
    final AppProcess scanApi;
    private volatile AppProcess gateway;

    private HeldStack(StubHttpServer webSearch, AppProcess gateway, AppProcess scanApi) {
        this.webSearch = webSearch;
        this.gateway = gateway;
        this.scanApi = scanApi;
    }

    static HeldStack start() {
        String redis = RedisFixture.shared().uri();
        StubHttpServer webSearch = StubHttpServer.answering(200, "{\"results\":[]}");
        AppProcess gateway = AppProcess.start("gateway", Map.of("redis.uri", redis));
        AppProcess scanApi = AppProcess.start("scan-api", Map.of("redis.uri", redis,
                "scamscan.scan.gateway-url", "ws://localhost:" + gateway.port(),
                "scamscan.agent.exa.enabled", "true", "scamscan.agent.exa.api-key", "test-key",
                "scamscan.agent.exa.base-url", webSearch.url()));
        return new HeldStack(webSearch, gateway, scanApi);
    }

    AppProcess gateway() {
        return gateway;
    }

    /** From now on the analysis waits in web search until {@link #killGatewayAndFinishWithoutIt}. */
    void holdAnalysis() {
        webSearch.hold();
    }

    /** Lets a held analysis go on. */
    void releaseAnalysis() {
        webSearch.release();
    }

    /** The gateway unreachable: killed, its port closed, until {@link #restartGateway}. */
    void killGateway() {
        gateway.kill();
    }

    void restartGateway() {
        gateway = gateway.restart();
    }

    /** Kills the gateway, lets the held analysis of this task finish (so its last events are only in history), restarts the gateway. */
    void killGatewayAndFinishWithoutIt(String taskId) {
        gateway.kill();
        webSearch.release();
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(Stack.taskStatus(taskId)));
        gateway = gateway.restart();
    }

    String logs() {
        return "gateway: " + gateway.log() + "\nscan-api: " + scanApi.log();
    }

    @Override
    public void close() {
        scanApi.close();
        gateway.close();
        webSearch.close();
    }
}
