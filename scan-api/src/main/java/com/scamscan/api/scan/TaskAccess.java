package com.scamscan.api.scan;

import com.scamscan.api.problem.ProblemType;
import com.scamscan.security.StreamTokens;
import com.scamscan.task.TaskId;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Who may read a task: a valid task id and the stream token of its scan, as {@code ?token=} or {@code Authorization: Bearer}. */
@Singleton
public class TaskAccess {

    private static final String BEARER = "Bearer ";

    private final StreamTokens tokens;

    public TaskAccess(StreamTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Passes when the task id is well formed and a valid token of it was presented.
     *
     * @throws com.scamscan.api.problem.ProblemException {@code bad-task-id} (400), or {@code stream-token} (401) when
     *         the token is missing, expired or not this task's
     */
    public void require(String taskId, @Nullable String token, @Nullable String authorization) {
        if (!TaskId.isValid(taskId)) {
            throw ProblemType.BAD_TASK_ID.with("A task id is 1-64 characters of [A-Za-z0-9_-]");
        }
        switch (tokens.verify(taskId, presented(token, authorization))) {
            case VALID -> { }
            case MISSING -> throw ProblemType.STREAM_TOKEN.with("Send the token from status_url (?token=) or as Authorization: Bearer");
            case EXPIRED -> throw ProblemType.STREAM_TOKEN.with("The stream token has expired");
            default -> throw ProblemType.STREAM_TOKEN.with("The stream token is not valid for this task");
        }
    }

    /**
     * The token a request presented: the query's {@code token} when there is one, else an {@code Authorization} header's
     * Bearer credentials (scheme in any case, trimmed), else {@code null}.
     */
    static @Nullable String presented(@Nullable String token, @Nullable String authorization) {
        if (token != null) {
            return token;
        }
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
    }
}
