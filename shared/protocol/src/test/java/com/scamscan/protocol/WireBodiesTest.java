package com.scamscan.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HTTP API's bodies, field by field, as docs/protocol.md shows them; read back as a client reads them. */
class WireBodiesTest {

    private final ObjectMapper json = ObjectMapper.getDefault();

    @Test
    void theAcceptedScanHasTheDocumentedShape() throws IOException {
        ScanAccepted accepted = new ScanAccepted("t1", "ws://g/ws/agent-progress/t1?token=T", "/tasks/t1?token=T",
                "http://g/sse/agent-progress/t1?token=T");
        String body = "{\"task_id\":\"t1\",\"ws_url\":\"ws://g/ws/agent-progress/t1?token=T\",\"status_url\":\"/tasks/t1?token=T\","
                + "\"sse_url\":\"http://g/sse/agent-progress/t1?token=T\"}";
        assertEquals(body, json.writeValueAsString(accepted));
        assertEquals(accepted, json.readValue(body, ScanAccepted.class));
        assertEquals(accepted, json.readValue(body.replace("}", ",\"added_later\":1}"), ScanAccepted.class), "unknown fields are skipped");
        assertEquals("{\"task_id\":\"t1\",\"ws_url\":\"wss://a\",\"status_url\":\"/tasks/t1\"}",
                json.writeValueAsString(new ScanAccepted("t1", "wss://a", "/tasks/t1", null)), "no sse_url behind API Gateway");
    }

    @Test
    void aRenewedTokenHasTheDocumentedShape() throws IOException {
        StreamTokenRenewed renewed = new StreamTokenRenewed("T", Instant.parse("2026-11-25T10:00:00Z"), "ws://g", "/tasks/t1?token=T", null);
        assertEquals("{\"token\":\"T\",\"expires_at\":\"2026-11-25T10:00:00.000Z\",\"ws_url\":\"ws://g\",\"status_url\":\"/tasks/t1?token=T\"}",
                json.writeValueAsString(renewed));
    }

    @Test
    void aProblemLeavesOutAnAbsentDetail() throws IOException {
        assertEquals("{\"type\":\"/problems/queue-full\",\"title\":\"Too many scans are waiting, try again later\",\"status\":503,"
                + "\"detail\":\"full\"}", json.writeValueAsString(ProblemType.QUEUE_FULL.problem("full")));
        assertEquals("{\"type\":\"/problems/stream-token\",\"title\":\"A valid stream token is required\",\"status\":401}",
                json.writeValueAsString(ProblemType.STREAM_TOKEN.problem(null)));
        Problem read = json.readValue("{\"type\":\"/problems/http-404\",\"title\":\"Not Found\",\"status\":404}", Problem.class);
        assertEquals(ProblemType.httpStatus(404), read.type());
        assertNull(read.detail());
        assertEquals("application/problem+json", Problem.MEDIA_TYPE);
    }

    @Test
    void everyProblemTypeIsFoundByItsUriAndTheUrisAreDistinct() {
        Set<String> uris = new HashSet<>();
        for (ProblemType type : ProblemType.values()) {
            assertEquals(Optional.of(type), ProblemType.find(type.uri()));
            assertEquals(true, uris.add(type.uri()), type.uri());
            assertEquals(true, type.uri().matches("/problems/[a-z-]+"), type.uri());
            assertEquals(true, type.status() >= 400 && type.status() < 600, type.name());
        }
        assertEquals(Optional.empty(), ProblemType.find("/problems/http-404"));
        assertEquals(Optional.empty(), ProblemType.find(null));
        assertEquals("/problems/http-415", ProblemType.httpStatus(415));
    }
}
