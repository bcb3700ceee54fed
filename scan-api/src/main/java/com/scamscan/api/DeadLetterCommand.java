package com.scamscan.api;

import com.scamscan.api.queue.DeadLetters;
import com.scamscan.api.queue.DeadLetters.Replay;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code SCAMSCAN_MODE=dead-letters java -jar scan-api.jar list [COUNT]} or {@code ... replay DEAD_LETTER_ID}: the
 * operator's tool for the scans that ran out of attempts, run with the app's own configuration (its Redis, its token
 * key) wherever the app runs (e.g. an ECS task with the command overridden). No HTTP server, no workers.
 * Exit status: 0 done, 1 nothing to replay (unknown id, upload gone, queue full), 2 usage.
 */
public final class DeadLetterCommand {

    static final String USAGE = "usage: SCAMSCAN_MODE=dead-letters java -jar scan-api.jar list [COUNT] | replay DEAD_LETTER_ID";

    private DeadLetterCommand() {
    }

    /** Runs one command with the app's configuration plus {@code properties}; returns the exit status. */
    public static int run(String[] args, Map<String, Object> properties, PrintStream out) {
        boolean list = args.length >= 1 && args.length <= 2 && args[0].equals("list");
        boolean replay = args.length == 2 && args[0].equals("replay");
        int count = 20;
        if (list && args.length == 2) {
            try {
                count = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                count = 0;
            }
        }
        if ((!list && !replay) || count < 1) {
            out.println(USAGE);
            return 2;
        }
        Map<String, Object> quiet = new HashMap<>(properties);
        quiet.put(Application.AGENT, "false");
        try (ApplicationContext context = ApplicationContext.builder().properties(quiet).start()) {
            DeadLetters letters = context.getBean(DeadLetters.class);
            if (list) {
                var found = letters.list(count);
                out.println(found.isEmpty() ? "no dead letters" : "dead letter\ttask\tdeliveries\tlast worker\tupload kept\treason");
                for (DeadLetters.DeadLetter letter : found) {
                    out.println(String.join("\t", letter.id(), letter.taskId(), letter.deliveries(), letter.consumer(),
                            letter.uploadKept() ? "yes" : "no", letter.reason()));
                }
                return 0;
            }
            Replay result = letters.replay(args[1]);
            if (result instanceof Replay.Replayed done) {
                out.println("replayed " + done.deadLetter() + " (task " + done.oldTaskId() + ") as task " + done.newTaskId()
                        + "; follow it at " + done.statusUrl());
                return 0;
            }
            if (result instanceof Replay.NotFound gone) {
                out.println("no dead letter " + gone.deadLetter());
            } else if (result instanceof Replay.UploadGone gone) {
                out.println("dead letter " + gone.deadLetter() + " (task " + gone.taskId()
                        + "): its upload is no longer kept (scamscan.agent.dead-letter-upload-ttl); nothing to replay");
            } else {
                out.println("the queue is full (scamscan.scan.max-queued); try again later");
            }
            return 1;
        }
    }
}
