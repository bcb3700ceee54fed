package com.scamscan.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @Test
    void handWrittenCheckAgreesWithTheDocumentedFormat() {
        List<String> candidates = List.of("", "a", "A-z_0", "x".repeat(64), "x".repeat(65), "a b", "a.b", "a/b", "a{b}",
                "ü", "a\u0000", "0123456789abcdef-ABCDEF_", "-", "_", "task:1", TaskId.random());
        for (String candidate : candidates) {
            assertEquals(TaskId.FORMAT.matcher(candidate).matches(), TaskId.isValid(candidate), candidate);
        }
        for (char c = 0; c < 512; c++) {
            String one = String.valueOf(c);
            assertEquals(TaskId.FORMAT.matcher(one).matches(), TaskId.isValid(one), "char " + (int) c);
        }
        assertEquals(false, TaskId.isValid(null));
    }
}
