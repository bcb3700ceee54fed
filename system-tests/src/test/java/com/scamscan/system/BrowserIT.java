package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser (Debian's chromium driven by playwright-core, {@code clients/browser-tests/page-test.mjs}, with
 * axe-core) against the packaged apps on a real Redis: at phone and desktop size the verdict ends in the viewport
 * with focus on it; axe finds no serious or critical violation on the empty, running and finished page, light and
 * dark; paste and drop start a scan; a reload mid-scan and a shared link bring the scan back, a bad link gets a plain
 * message; an oversized screenshot is refused before upload; with the gateway unreachable the verdict comes from the
 * status URL; with the gateway killed mid-stream the page reconnects and shows every event exactly once. Screenshots
 * of every state are kept in {@code system-tests/target/browser-artifacts}.
 */
class BrowserIT {

    private static final Path ROOT = Path.of(System.getProperty("scamscan.root", "..")).toAbsolutePath().normalize();
    private static final Path ARTIFACTS = ROOT.resolve("system-tests/target/browser-artifacts");
    private static final Path SAMPLE = ROOT.resolve("samples/phishing-sms.png");

    private static HeldStack stack;

    @BeforeAll
    static void start() {
        assertTrue(Files.isDirectory(ROOT.resolve("clients/browser-tests/node_modules/playwright-core"))
                        && Files.isDirectory(ROOT.resolve("clients/browser-tests/node_modules/axe-core")),
                "playwright-core or axe-core is not installed: run `npm ci --prefix clients/browser-tests` (.ci/run does)");
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
    void atPhoneSizeTheVerdictEndsInViewWithFocusAndAxeFindsNothingSeriousLightOrDark() throws Exception {
        stack.holdAnalysis(); // axe on a page that is still running
        ProcessRun run;
        try {
            run = passes("phone", BrowserIT::releaseWhenAsked);
        } finally {
            stack.releaseAnalysis();
        }
        assertTrue(result(run).contains("\"running_checked\":true"), "the running page was checked after the verdict: " + result(run));
        assertTrue(result(run).contains("\"label\":\"scam\""), result(run));
        assertTrue(result(run).contains("\"focused\":\"verdict-label\""), result(run));
        assertTrue(result(run).contains("\"finished (dark)\":0"), result(run));
        screenshots("phone", 6);
    }

    @Test
    void atDesktopSizeAPastedScreenshotStartsTheScanAndTheVerdictIsInView() throws Exception {
        ProcessRun run = passes("desktop", line -> { });
        assertTrue(result(run).contains("\"height\":800"), result(run));
        screenshots("desktop", 2);
    }

    @Test
    void aScreenshotDroppedAnywhereOnThePageStartsTheScan() throws Exception {
        passes("drop", line -> { });
        screenshots("drop", 1);
    }

    @Test
    void aReloadMidScanAndASharedLinkBringTheScanBackAndABadLinkSaysSo() throws Exception {
        stack.holdAnalysis();
        try {
            ProcessRun run = passes("reload", BrowserIT::releaseWhenAsked);
            assertTrue(result(run).contains("\"mid_scan\":true"), "the reload was not mid-scan: " + result(run));
        } finally {
            stack.releaseAnalysis();
        }
        screenshots("reload", 4);
    }

    @Test
    void anOversizedScreenshotIsRefusedInPlainUnitsBeforeAnyUpload() throws Exception {
        ProcessRun run = passes("oversize", line -> { });
        assertTrue(result(run).contains("15.6 MB; the limit is 10 MB"), result(run));
        screenshots("oversize", 1);
    }

    @Test
    void withTheGatewayUnreachableTheVerdictComesFromTheStatusUrl() throws Exception {
        stack.killGateway();
        stack.holdAnalysis(); // the paused page is seen before the verdict
        try {
            ProcessRun run = passes("offline", BrowserIT::releaseWhenAsked);
            assertTrue(result(run).contains("Live updates paused, still checking"), result(run));
            assertTrue(result(run).contains("\"paused_before_verdict\":true"), result(run));
        } finally {
            stack.releaseAnalysis();
            stack.restartGateway();
        }
        screenshots("offline", 2);
    }

    @Test
    void behindAProxyThatBlocksWebSocketsThePageFollowsTheScanOverServerSentEvents() throws Exception {
        ProcessRun run = passes("sse", line -> { });
        assertTrue(result(run).contains("\"transports\":[\"websocket\",\"websocket\",\"sse\""), result(run));
        screenshots("sse", 1);
    }

    @Test
    void pageRecoversFromAKilledGatewayWithNothingMissingOrTwice() throws Exception {
        stack.holdAnalysis();
        String[] taskId = new String[1];
        ProcessRun run = passes("recover", line -> {
            if (line.startsWith("uploaded; task ")) {
                taskId[0] = line.substring("uploaded; task ".length()).trim();
            } else if (line.equals("KILL-GATEWAY")) {
                stack.killGatewayAndFinishWithoutIt(taskId[0]);
            }
        });
        assertTrue(result(run).contains("\"label\":\"scam\""), result(run));
        screenshots("recover", 3);
    }

    private static void releaseWhenAsked(String line) {
        if (line.equals("RELEASE-ANALYSIS")) {
            stack.releaseAnalysis();
        }
    }

    /** Runs one scenario of the browser test script and expects it to pass. */
    private static ProcessRun passes(String scenario, Consumer<String> onLine) throws Exception {
        ProcessRun run = ProcessRun.run(new ProcessBuilder("node", "clients/browser-tests/page-test.mjs", scenario,
                "--url", "http://localhost:" + stack.scanApi.port(), "--image", SAMPLE.toString(), "--out", ARTIFACTS.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true), onLine);
        assertEquals(0, run.exitCode(), run.all() + "\n" + stack.logs());
        return run;
    }

    /** The scenario saved at least {@code count} screenshots of its states. */
    private static void screenshots(String scenario, int count) throws IOException {
        try (Stream<Path> files = Files.list(ARTIFACTS)) {
            long saved = files.filter(f -> f.getFileName().toString().startsWith(scenario + "-"))
                    .filter(f -> f.toString().endsWith(".png")).filter(f -> f.toFile().length() > 5_000).count();
            assertTrue(saved >= count, scenario + ": " + saved + " screenshots, expected " + count);
        }
    }

    private static String result(ProcessRun run) {
        return run.out().stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("(no RESULT line)");
    }
}
