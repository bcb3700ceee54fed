package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.scamscan.api.problem.ProblemException;
import com.scamscan.protocol.Problem;
import com.scamscan.security.StreamTokenSettings;
import com.scamscan.security.StreamTokens;
import com.scamscan.testing.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading a task needs a well-formed id and its stream token, from the query or an Authorization: Bearer header. */
class TaskAccessTest {

    private final MutableClock clock = new MutableClock();
    private final StreamTokens tokens = new StreamTokens(
            new StreamTokenSettings("a-secret-of-at-least-thirty-two-bytes!", "", Duration.ofHours(1)), clock);
    private final TaskAccess access = new TaskAccess(tokens);

    @Test
    void theQueryTokenComesFirstThenABearerHeaderInAnyCase() {
        assertEquals("q", TaskAccess.presented("q", "Bearer h"));
        assertEquals("h", TaskAccess.presented(null, "Bearer h"));
        assertEquals("h", TaskAccess.presented(null, "bearer   h  "));
        assertNull(TaskAccess.presented(null, "Basic dXNlcjpwYXNz"));
        assertNull(TaskAccess.presented(null, "Bear"));
        assertNull(TaskAccess.presented(null, null));
    }

    @Test
    void aValidTokenOfTheTaskPassesAndEveryOtherCaseIsItsProblem() {
        String token = tokens.issue("task-1");
        access.require("task-1", token, null);
        access.require("task-1", null, "Bearer " + token);

        assertEquals("Send the token from status_url (?token=) or as Authorization: Bearer", refused("task-1", null, null).detail());
        assertEquals("The stream token is not valid for this task", refused("task-2", token, null).detail());
        assertEquals("The stream token is not valid for this task", refused("task-1", "v1.x", null).detail());
        clock.advance(Duration.ofHours(2));
        Problem expired = refused("task-1", token, null);
        assertEquals("The stream token has expired", expired.detail());
        assertEquals(401, expired.status());

        Problem badId = refused("not a task id!", token, null);
        assertEquals("/problems/bad-task-id", badId.type());
        assertEquals(400, badId.status());
    }

    private Problem refused(String taskId, String token, String authorization) {
        return assertThrows(ProblemException.class, () -> access.require(taskId, token, authorization)).problem();
    }
}
