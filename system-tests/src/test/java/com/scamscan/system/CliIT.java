package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.ProgressEvent;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code scamscan} command (its packaged jar, as a process) against the running stack. */
class CliIT {

    private static final Path ROOT = Path.of(System.getProperty("scamscan.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("scamscan.cli.jar", "../cli/target/scamscan.jar"));

    private static HeldStack stack;

    @BeforeAll
    static void start() {
        assertTrue(Files.exists(JAR), "no CLI jar at " + JAR + " (run ./mvnw verify from the root)");
        stack = HeldStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void scamScreenshotShowsEveryStepAndTheVerdictAndExitsOne() throws Exception {
        ProcessRun run = scamscan(line -> { }, "scan", ROOT.resolve("samples/phishing-sms.png").toString(), "--server", server());
        assertEquals(1, run.exitCode(), run.all());
        String out = run.stdout();
        for (String step : List.of("Reading the message", "Scam database", "Web search", "Domain reputation",
                "Phone numbers", "Reasoning")) {
            assertTrue(out.lines().anyMatch(l -> l.contains("running") && l.contains(step)), step + " never ran:\n" + out);
            assertTrue(out.lines().anyMatch(l -> l.contains("done") && l.contains(step)), step + " never finished:\n" + out);
        }
        assertTrue(out.contains("[100%]") || out.contains("100%"), out);
        assertTrue(out.contains("Verdict: SCAM (risk score "), out);
        assertTrue(out.contains("Links: https://usps-redelivery.top/pay"), out);
        assertTrue(out.contains("Phone numbers: +19005550199"), out);
        assertFalse(out.contains("\u001b["), "no terminal escapes when stdout is not a terminal");
    }

    @Test
    void jsonModeStreamsRawEventsAndASafeVerdictExitsZero() throws Exception {
        ProcessRun run = scamscan(line -> { }, "scan", ROOT.resolve("samples/friendly-sms.png").toString(), "--server", server(), "--json");
        assertEquals(0, run.exitCode(), run.all());
        List<ProgressEvent> events = events(run.out());
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), events.stream().map(ProgressEvent::seq).toList());
        ProgressEvent last = events.get(events.size() - 1);
        assertEquals(Step.COMPLETED, last.step());
        assertEquals(VerdictLabel.LIKELY_SAFE, last.verdict().label());
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedWithTheServersReasonAndExitsTwo(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("message.png"), "this is text, not a picture");
        ProcessRun run = scamscan(line -> { }, "scan", fake.toString(), "--server", server());
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("the scan was refused (HTTP 415)"), run.all());
        // the problem's detail, read from the problem+json body
        assertTrue(run.stderr().contains("The image must be PNG, JPEG, WebP or GIF"), run.all());
    }

    @Test
    void anUnreachableServerExitsTwoWithAHint() throws Exception {
        ProcessRun run = scamscan(line -> { }, "scan", ROOT.resolve("samples/friendly-sms.png").toString(), "--server", "http://127.0.0.1:9");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.stderr().contains("cannot reach http://127.0.0.1:9"), run.all());
    }

    @Test
    void aKilledGatewayIsRidOutWithEveryEventExactlyOnce() throws Exception {
        stack.holdAnalysis();
        String[] taskId = new String[1];
        ProcessRun run = scamscan(line -> {
            if (line.startsWith("scamscan: task ")) {
                taskId[0] = line.substring("scamscan: task ".length()).trim();
            } else if (line.contains("\"step\":\"exa_search\"")) {
                stack.killGatewayAndFinishWithoutIt(taskId[0]);
            }
        }, "scan", ROOT.resolve("samples/phishing-sms.png").toString(), "--server", server(), "--json",
                "--fallback-after", "10m"); // the reconnect is tested here, not the status URL fallback
        assertEquals(1, run.exitCode(), run.all());
        List<ProgressEvent> events = events(run.out());
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), events.stream().map(ProgressEvent::seq).toList(),
                run.all());
        assertEquals(VerdictLabel.SCAM, events.get(events.size() - 1).verdict().label());
        assertTrue(run.stderr().contains("reconnecting"), run.all());
    }

    @Test
    void withTheGatewayUnreachableTheVerdictComesFromTheStatusUrl() throws Exception {
        stack.killGateway();
        try {
            ProcessRun run = scamscan(line -> { }, "scan", ROOT.resolve("samples/phishing-sms.png").toString(),
                    "--server", server(), "--fallback-after", "2s");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.stderr().contains("live updates paused; still checking the task's status"), run.all());
            assertTrue(run.stdout().contains("Verdict: SCAM (risk score "), run.all());
        } finally {
            stack.restartGateway();
        }
    }

    @Test
    void withoutAVerdictInTimeTheHintCarriesTheTokenAndTheStatusUrlAnswersIt() throws Exception {
        stack.holdAnalysis();
        try {
            ProcessRun run = scamscan(line -> { }, "scan", ROOT.resolve("samples/phishing-sms.png").toString(),
                    "--server", server(), "--timeout", "2s");
            assertEquals(2, run.exitCode(), run.all());
            Matcher hint = Pattern.compile("the task goes on: GET (\\S+)").matcher(run.stderr());
            assertTrue(hint.find(), run.all());
            assertTrue(hint.group(1).contains("?token="), hint.group(1));
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hint.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
        } finally {
            stack.releaseAnalysis();
        }
    }

    private static String server() {
        return "http://localhost:" + stack.scanApi.port();
    }

    private static List<ProgressEvent> events(List<String> lines) {
        List<ProgressEvent> events = new ArrayList<>();
        for (String line : lines) {
            try {
                events.add(Stack.JSON.readValue(line, ProgressEvent.class));
            } catch (IOException e) {
                throw new AssertionError("not an event: " + line, e);
            }
        }
        return events;
    }

    /** Runs the packaged CLI; every line of stdout and stderr goes to {@code onLine} as it is printed. */
    private static ProcessRun scamscan(Consumer<String> onLine, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return ProcessRun.run(new ProcessBuilder(command), onLine);
    }
}
