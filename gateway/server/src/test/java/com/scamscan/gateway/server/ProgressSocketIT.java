package com.scamscan.gateway.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.gateway.testing.RawClient;
import com.scamscan.testing.redis.RedisFixture;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The progress WebSocket as Netty terminates it ({@link ProgressSocket}): the frames a client may send, the HTTP
 * answers to handshakes that cannot become WebSockets, the read-idle backstop, and what stays in a connection's
 * pipeline once it is upgraded.
 */
class ProgressSocketIT {

    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int CLOSE = 0x8;
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        // the relay's own pings and client timeout far away: what a test sees is the server's answer to the client
        gateway = Gateway.start(RedisFixture.shared(), "scamscan.gateway.max-client-frame-bytes", "64",
                "scamscan.gateway.heartbeat-interval", "40s", "scamscan.gateway.client-timeout", "44s");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String path(String taskId) {
        return path(gateway, taskId);
    }

    private static String path(Gateway on, String taskId) {
        String uri = on.uri(taskId).toString();
        return uri.substring(uri.indexOf("/ws/"));
    }

    private RawClient open(String taskId) throws IOException {
        RawClient client = RawClient.connect(gateway.server.getPort(), path(taskId));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() >= 1);
        return client;
    }

    @Test
    void aPingIsAnsweredWithAPongOfTheSamePayload() throws IOException {
        try (RawClient client = open(gateway.newTask())) {
            client.sendFrame(PING, "are you there".getBytes(StandardCharsets.UTF_8), true);
            RawClient.Frame pong = client.awaitFrame(PONG);
            assertNotNull(pong, "no pong before the connection ended");
            assertEquals("are you there", pong.text());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 0);
    }

    @Test
    void aClientsCloseDetachesItsStreamAndEndsTheConnection() throws IOException {
        try (RawClient client = open(gateway.newTask())) {
            client.sendClose(4000, "bye");
            // nothing but what was queued before, then the end of the connection
            RawClient.Frame frame;
            while ((frame = client.readFrame()) != null) {
                assertEquals(TEXT, frame.opcode(), "only the stream's frames before the end");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 0);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aClientThatVanishesIsDetached() throws IOException {
        RawClient client = open(gateway.newTask());
        client.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 0);
    }

    @Test
    void aFragmentedMessageIsCountedWholeAgainstTheLimit() throws IOException {
        try (RawClient client = open(gateway.newTask())) {
            client.sendFrame(TEXT, "x".repeat(40).getBytes(StandardCharsets.US_ASCII), false);
            client.sendFrame(CONTINUATION, "x".repeat(40).getBytes(StandardCharsets.US_ASCII), true);
            RawClient.Frame close = client.awaitFrame(CLOSE);
            assertNotNull(close);
            assertEquals(1008, close.closeCode());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 0);
    }

    @Test
    void smallClientMessagesAreIgnored() throws IOException {
        try (RawClient client = open(gateway.newTask())) {
            client.sendFrame(TEXT, "hello".getBytes(StandardCharsets.US_ASCII), true);
            client.sendFrame(0x2, new byte[]{1, 2, 3}, true); // binary
            client.sendFrame(PING, new byte[0], true);
            assertNotNull(client.awaitFrame(PONG), "the connection ended instead");
            assertEquals(1, gateway.relay().connections());
        }
    }

    @Test
    void anUpgradedConnectionKeepsNoHttpHandlerOfMicronaut() throws IOException {
        try (RawClient client = open(gateway.newTask())) {
            List<Channel> sockets = List.copyOf(((WebSocketSessionRepository) gateway.server).getChannelGroup());
            assertEquals(1, sockets.size(), "the socket is in the server's WebSocket group (drained and closed with it)");
            List<String> handlers = sockets.get(0).pipeline().names();
            assertTrue(handlers.contains(ProgressSocket.FRAMES), handlers.toString());
            for (String gone : List.of("micronaut-inbound-handler", "websocket-handler", "http-server-codec",
                    ProgressSocket.UPGRADE, "scamscan-malformed-request-guard")) {
                assertFalse(handlers.contains(gone), gone + " still in " + handlers);
            }
            assertTrue(handlers.contains("idle-state"), "the read-idle backstop stays: " + handlers);
        }
    }

    @Test
    void aPlainGetOnTheStreamPathIsToldToUpgrade() throws IOException {
        Response response = Response.of("GET " + path(gateway.newTask()) + " HTTP/1.1", List.of());
        assertEquals(426, response.status, response.head);
        assertTrue(response.head.toLowerCase(Locale.ROOT).contains("upgrade: websocket"), response.head);
    }

    @Test
    void anUnsupportedWebSocketVersionIsAnswered426AtOnce() throws IOException {
        for (String version : List.of("Sec-WebSocket-Version: 99", "X-No-Version: 1")) {
            Response response = Response.of("GET " + path(gateway.newTask()) + " HTTP/1.1", upgrade(version));
            assertEquals(426, response.status, version + ": " + response.head);
            assertTrue(response.head.toLowerCase(Locale.ROOT).contains("sec-websocket-version: 13"), response.head);
            assertTrue(response.closed, version + ": the connection stays open");
        }
    }

    @Test
    void anUpgradeTheHandshakeCannotTakeIsAnswered400AtOnce() throws IOException {
        String path = path(gateway.newTask());
        Response post = Response.of("POST " + path + " HTTP/1.1", upgrade("Sec-WebSocket-Version: 13", "Content-Length: 0"));
        assertEquals(400, post.status, post.head);
        assertTrue(post.closed);
        Response head = Response.of("HEAD " + path + " HTTP/1.1", upgrade("Sec-WebSocket-Version: 13"));
        assertEquals(400, head.status, head.head);
        Response noKey = Response.of("GET " + path + " HTTP/1.1", List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13"));
        assertEquals(400, noKey.status, noKey.head);
        assertTrue(noKey.closed);
        assertEquals(0, gateway.relay().connections());
    }

    @Test
    void anUpgradeElsewhereIsStillMicronauts() throws IOException {
        Response response = Response.of("GET /ws/other/a HTTP/1.1", upgrade("Sec-WebSocket-Version: 13"));
        assertEquals(404, response.status, response.head);
    }

    @Test
    void anUpgradeAfterARequestOnTheSameConnectionWaitsForItsResponse() throws IOException {
        String taskId = gateway.newTask();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", gateway.server.getPort()), 5000);
            socket.setSoTimeout(10_000);
            String host = "Host: localhost\r\n";
            // pipelined: the upgrade is sent before the first answer arrived
            String requests = "GET /health HTTP/1.1\r\n" + host + "\r\n"
                    + "GET " + path(taskId) + " HTTP/1.1\r\n" + host
                    + String.join("\r\n", upgrade("Sec-WebSocket-Version: 13")) + "\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            String received = readUntil(socket.getInputStream(), "HTTP/1.1 101");
            assertTrue(received.startsWith("HTTP/1.1 200"), received);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.relay().connections() == 0);
    }

    @Test
    void theReadIdleBackstopClosesASilentSocketWith1001() throws IOException {
        try (Gateway idle = Gateway.start(RedisFixture.shared(), "micronaut.server.read-idle-timeout", "1s",
                "scamscan.gateway.heartbeat-interval", "40s", "scamscan.gateway.client-timeout", "44s");
             RawClient client = RawClient.connect(idle.server.getPort(), path(idle, idle.newTask()))) {
            RawClient.Frame close = client.awaitFrame(CLOSE);
            assertNotNull(close);
            assertEquals(1001, close.closeCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> idle.relay().connections() == 0);
        }
    }

    @Test
    void aForeignOriginOnLocalhostIsTheRelaysToRefuseWith4403() throws IOException {
        // Micronaut's drive-by-localhost CORS guard answered this upgrade 403; the relay's origin check is the one
        try (Gateway strict = Gateway.start(RedisFixture.shared(), "scamscan.gateway.allowed-origins", "https://scamscan.example");
             RawClient client = RawClient.connect(strict.server.getPort(), path(strict, strict.newTask()),
                     List.of("Origin: https://evil.example"))) {
            assertEquals(4403, client.awaitCloseCode());
        }
    }

    @Test
    void permessageDeflateIsNegotiatedOnlyWhenCompressionIsOn() throws Exception {
        try (RawClient plain = RawClient.connect(gateway.server.getPort(), path(gateway.newTask()),
                List.of("Sec-WebSocket-Extensions: permessage-deflate"))) {
            assertFalse(plain.handshake().toLowerCase(Locale.ROOT).contains("permessage-deflate"), plain.handshake());
            RawClient.Frame greeting = plain.awaitFrame(TEXT);
            assertNotNull(greeting);
            assertFalse(greeting.compressed());
        }
        try (Gateway compressing = Gateway.start(RedisFixture.shared(), "scamscan.gateway.compression", "true");
             RawClient client = RawClient.connect(compressing.server.getPort(), path(compressing, compressing.newTask()),
                     List.of("Sec-WebSocket-Extensions: permessage-deflate"))) {
            assertTrue(client.handshake().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"),
                    client.handshake());
            RawClient.Frame greeting = client.awaitFrame(TEXT);
            assertNotNull(greeting);
            assertTrue(greeting.compressed(), "the greeting went uncompressed");
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            byte[] deflated = java.util.Arrays.copyOf(greeting.payload(), greeting.payload().length + 4);
            deflated[deflated.length - 2] = (byte) 0xFF; // RFC 7692: the tail 00 00 FF FF the sender removed
            deflated[deflated.length - 1] = (byte) 0xFF;
            inflater.setInput(deflated);
            byte[] text = new byte[4096];
            int n = inflater.inflate(text);
            assertTrue(new String(text, 0, n, StandardCharsets.UTF_8).contains("\"step\""), new String(text, 0, n, StandardCharsets.UTF_8));
        }
    }

    private static List<String> upgrade(String... more) {
        List<String> lines = new java.util.ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
        lines.addAll(List.of(more));
        return lines;
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /** One request on a connection of its own: the status line and headers, and whether the server then closed. */
    private record Response(int status, String head, boolean closed) {
        static Response of(String requestLine, List<String> headers) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", gateway.server.getPort()), 5000);
                socket.setSoTimeout(5_000);
                String request = requestLine + "\r\nHost: localhost\r\n"
                        + headers.stream().map(h -> h + "\r\n").collect(java.util.stream.Collectors.joining()) + "\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String head = readUntil(in, "\r\n\r\n");
                assertTrue(head.startsWith("HTTP/1.1 "), "no answer: " + head);
                int status = Integer.parseInt(head.substring(9, 12));
                boolean closed;
                try {
                    socket.setSoTimeout(2_000);
                    byte[] rest = new byte[4096];
                    int n;
                    while ((n = in.read(rest)) >= 0) {
                        if (n == 0) {
                            break;
                        }
                    }
                    closed = true;
                } catch (SocketTimeoutException e) {
                    closed = false;
                }
                return new Response(status, head, closed);
            }
        }
    }
}
