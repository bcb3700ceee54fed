package com.scamscan.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A command a system test runs to its end (the CLI, the browser test script): every line it prints goes to a
 * listener as it comes, so the test can act mid-run, and is kept for the assertions.
 *
 * @param exitCode the exit status (killed after two minutes)
 * @param out what it printed on stdout (and stderr, when the builder merged them)
 * @param err what it printed on stderr
 */
record ProcessRun(int exitCode, List<String> out, List<String> err) {

    static ProcessRun run(ProcessBuilder builder, Consumer<String> onLine) throws IOException, InterruptedException {
        Process process = builder.start();
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> read(process.getErrorStream(), err, onLine));
        read(process.getInputStream(), out, onLine);
        stderr.join();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        return new ProcessRun(process.exitValue(), List.copyOf(out), List.copyOf(err));
    }

    private static void read(InputStream stream, List<String> into, Consumer<String> onLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (into) {
                    into.add(line);
                }
                onLine.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stdout() {
        return String.join("\n", out);
    }

    String stderr() {
        return String.join("\n", err);
    }

    String all() {
        return "exit " + exitCode + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }
}
