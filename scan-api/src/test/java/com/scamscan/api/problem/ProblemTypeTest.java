package com.scamscan.api.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.scamscan.protocol.Problem;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scan-api raises exactly the problems of the protocol, with their type, status and title. */
class ProblemTypeTest {

    @Test
    void everyProtocolProblemCanBeRaisedAndNothingElse() {
        List<String> raised = Arrays.stream(ProblemType.values()).map(Enum::name).toList();
        List<String> wire = Arrays.stream(com.scamscan.protocol.ProblemType.values()).map(Enum::name).toList();
        assertEquals(wire, raised);
    }

    @Test
    void theExceptionCarriesTheWireProblem() {
        for (ProblemType type : ProblemType.values()) {
            Problem problem = type.with("why").problem();
            assertEquals(new Problem(type.wire().uri(), type.wire().title(), type.wire().status(), "why"), problem);
            assertEquals(type.name(), type.wire().name());
        }
        assertEquals("/problems/queue-full", ProblemType.QUEUE_FULL.with("x").problem().type());
        assertEquals(503, ProblemType.QUEUE_FULL.with("x").problem().status());
    }
}
