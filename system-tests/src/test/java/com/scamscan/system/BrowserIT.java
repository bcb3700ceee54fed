package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser (Debian's chromium driven by playwright-core, {@code browser-tests/page-test.mjs})
 * against the packaged apps: a real screenshot uploaded, every step seen, the verdict read from the page; and the
 * gateway killed mid-stream, with the page reconnecting and ending with every step exactly once. Screenshots are
 * kept in {@code system-tests/target/browser-artifacts}.
 */
class BrowserIT {

    private static final Path ROOT = Path.of(System.getProperty("scamscan.root", "..")).toAbsolutePath().normalize();
    private static final Path ARTIFACTS = ROOT.resolve("system-tests/target/browser-artifacts");
    private static final Path SAMPLE = ROOT.resolve("samples/phishing-sms.png");

    private static HeldStack stack;

    @BeforeAll
    static void start() {
        assertTrue(Files.isDirectory(ROOT.resolve("browser-tests/node_modules/playwright-core")),
                "playwright-core is not installed: run `npm ci --prefix browser-tests` (.ci/run does)");
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertTrue(Files.isExecutable(Path.of(chromium)), "no browser at " + chromium + ": apt-get install chromium (.ci/run does), or set CHROMIUM");
        stack = HeldStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void pageShowsEveryStepAndTheVerdict() throws Exception {
        ProcessRun run = page("complete", line -> { });
        assertEquals(0, run.exitCode(), run.all() + "\n" + stack.logs());
        assertTrue(result(run).contains("\"label\":\"scam\""), result(run));
        assertTrue(result(run).contains("\"connections\":1"), result(run));
        assertTrue(Files.size(ARTIFACTS.resolve("complete-verdict.png")) > 10_000, "no screenshot of the verdict");
    }

    @Test
    void pageRecoversFromAKilledGatewayWithNothingMissingOrTwice() throws Exception {
        stack.holdAnalysis();
        String[] taskId = new String[1];
        ProcessRun run = page("recover", line -> {
            if (line.startsWith("uploaded; task ")) {
                taskId[0] = line.substring("uploaded; task ".length()).trim();
            } else if (line.equals("KILL-GATEWAY")) {
                stack.killGatewayAndFinishWithoutIt(taskId[0]);
            }
        });
        assertEquals(0, run.exitCode(), run.all() + "\n" + stack.logs());
        assertTrue(result(run).contains("\"label\":\"scam\""), result(run));
        assertTrue(Files.size(ARTIFACTS.resolve("recover-2-reconnecting.png")) > 10_000, "no screenshot of the reconnect");
    }

    /** Runs the browser test script, handing each line it prints to {@code onLine} as it comes. */
    private static ProcessRun page(String scenario, Consumer<String> onLine) throws Exception {
        return ProcessRun.run(new ProcessBuilder("node", "browser-tests/page-test.mjs", scenario,
                "--url", "http://localhost:" + stack.scanApi.port(), "--image", SAMPLE.toString(), "--out", ARTIFACTS.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true), onLine);
    }

    private static String result(ProcessRun run) {
        return run.out().stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("(no RESULT line)");
    }
}
