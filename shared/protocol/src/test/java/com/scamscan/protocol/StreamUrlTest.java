package com.scamscan.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every address of a task, as docs/protocol.md shows it. */
class StreamUrlTest {

    private static final String TOKEN = "v1.1764300000.AbC-d_9";

    @Test
    void theContainerGatewayTakesTheTaskInThePath() {
        assertEquals("wss://ws.example.com/ws/agent-progress/t-1_A?token=" + TOKEN,
                new StreamUrl("wss://ws.example.com", StreamUrl.Style.PATH).forTask("t-1_A", TOKEN));
        assertEquals("ws://localhost:8081/base/ws/agent-progress/t1?token=" + TOKEN,
                new StreamUrl("ws://localhost:8081/base/", StreamUrl.Style.PATH).forTask("t1", TOKEN), "one trailing slash dropped");
    }

    @Test
    void theSseUrlIsTheGatewaysOverHttp() {
        assertEquals("https://ws.example.com/sse/agent-progress/t-1_A?token=" + TOKEN,
                new StreamUrl("wss://ws.example.com", StreamUrl.Style.PATH).sseForTask("t-1_A", TOKEN));
        assertEquals("http://localhost:8081/base/sse/agent-progress/t1?token=" + TOKEN,
                new StreamUrl("ws://localhost:8081/base/", StreamUrl.Style.PATH).sseForTask("t1", TOKEN));
        assertEquals(null, new StreamUrl("wss://abc.execute-api.eu-west-1.amazonaws.com/prod", StreamUrl.Style.QUERY)
                .sseForTask("t1", TOKEN), "API Gateway WebSocket stages have no SSE");
    }

    @Test
    void anApiGatewayStageTakesItInTheQuery() {
        assertEquals("wss://abc.execute-api.eu-west-1.amazonaws.com/prod?task_id=t1&token=" + TOKEN,
                new StreamUrl("wss://abc.execute-api.eu-west-1.amazonaws.com/prod/", StreamUrl.Style.QUERY).forTask("t1", TOKEN));
    }

    @Test
    void theStatusAndTokenAddressesAreScanApis() {
        assertEquals("/tasks/t1?token=" + TOKEN, StreamUrl.statusUrl("t1", TOKEN));
        assertEquals("/tasks/t1", StreamUrl.statusPath("t1"));
        assertEquals("/tasks/t1/stream-token?token=" + TOKEN, StreamUrl.streamTokenUrl("t1", TOKEN));
        assertEquals("/ws/agent-progress/t1", StreamUrl.path("t1"));
    }

    @Test
    void theRoutesAndNamesAreTheDocumentedOnes() {
        assertEquals("/ws/agent-progress/{task_id}", StreamUrl.PATH);
        assertEquals("/tasks/{task_id}", StreamUrl.STATUS_PATH);
        assertEquals("/tasks/{task_id}/stream-token", StreamUrl.STREAM_TOKEN_PATH);
        assertEquals("task_id", StreamUrl.TASK_ID);
        assertEquals("token", StreamUrl.TOKEN);
        assertEquals("last_seq", StreamUrl.LAST_SEQ);
    }

    @Test
    void whatIsNotUnreservedIsPercentEncoded() {
        String hostile = "a b&c=d/e?f#g+h%i*j~k.l\u00fc";
        String encoded = "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i%2Aj~k.l%C3%BC";
        assertEquals(encoded, StreamUrl.encode(hostile));
        assertEquals(hostile, URLDecoder.decode(StreamUrl.encode(hostile), StandardCharsets.UTF_8));
        assertEquals("ws://g/ws/agent-progress/" + encoded + "?token=" + encoded,
                new StreamUrl("ws://g", StreamUrl.Style.PATH).forTask(hostile, hostile));
        assertEquals("ws://g?task_id=" + encoded + "&token=" + encoded,
                new StreamUrl("ws://g", StreamUrl.Style.QUERY).forTask(hostile, hostile));
        assertEquals("/tasks/" + encoded + "?token=" + encoded, StreamUrl.statusUrl(hostile, hostile));
        assertEquals("/tasks/" + encoded + "/stream-token?token=" + encoded, StreamUrl.streamTokenUrl(hostile, hostile));
        // each is one URI whose parts decode back to what went in
        URI uri = URI.create(new StreamUrl("ws://g", StreamUrl.Style.QUERY).forTask(hostile, hostile));
        assertEquals("task_id=" + hostile + "&token=" + hostile, uri.getQuery());
        assertEquals("/ws/agent-progress/" + hostile, URI.create(new StreamUrl("ws://g", StreamUrl.Style.PATH).forTask(hostile, "t")).getPath());
    }

    @Test
    void lastSeqIsAddedReplacedOrRemoved() {
        URI path = URI.create("ws://g/ws/agent-progress/t1?token=T");
        assertEquals(path, StreamUrl.withLastSeq(path, 0));
        assertEquals(URI.create("ws://g/ws/agent-progress/t1?token=T&last_seq=7"), StreamUrl.withLastSeq(path, 7));
        assertEquals(URI.create("ws://g/ws/agent-progress/t1?token=T&last_seq=9"),
                StreamUrl.withLastSeq(URI.create("ws://g/ws/agent-progress/t1?last_seq=3&token=T"), 9));
        assertEquals(URI.create("ws://g/ws/agent-progress/t1?token=T"),
                StreamUrl.withLastSeq(URI.create("ws://g/ws/agent-progress/t1?last_seq=3&token=T"), 0));
        assertEquals(URI.create("wss://api/prod?task_id=t1&token=T&last_seq=2"),
                StreamUrl.withLastSeq(URI.create("wss://api/prod?task_id=t1&token=T"), 2));
        assertEquals(URI.create("ws://g/x?last_seq=5"), StreamUrl.withLastSeq(URI.create("ws://g/x"), 5));
        assertEquals(URI.create("ws://g/x?last_seq=5"), StreamUrl.withLastSeq(URI.create("ws://g/x?"), 5));
        assertEquals(URI.create("ws://g/x"), StreamUrl.withLastSeq(URI.create("ws://g/x?last_seq"), 0));
        // a parameter that only starts like it is someone else's; escaped values stay escaped
        assertEquals(URI.create("ws://g/x?last_seqs=1&token=a%26b&last_seq=4"),
                StreamUrl.withLastSeq(URI.create("ws://g/x?last_seqs=1&token=a%26b"), 4));
    }

    @Test
    void aGatewayUrlIsAWebSocketUrlWithAStyle() {
        assertThrows(IllegalArgumentException.class, () -> new StreamUrl("https://g", StreamUrl.Style.PATH));
        assertThrows(IllegalArgumentException.class, () -> new StreamUrl(null, StreamUrl.Style.PATH));
        assertThrows(IllegalArgumentException.class, () -> new StreamUrl("ws://g", null));
        assertEquals(StreamUrl.Style.PATH, StreamUrl.Style.of("path"));
        assertEquals(StreamUrl.Style.QUERY, StreamUrl.Style.of("QUERY"));
        assertEquals("query", StreamUrl.Style.QUERY.toString());
        assertThrows(IllegalArgumentException.class, () -> StreamUrl.Style.of("header"));
        assertThrows(IllegalArgumentException.class, () -> StreamUrl.statusUrl("t1", null));
    }
}
