package com.scamscan.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** A smoke run of the JMH benchmarks at the smallest size: they run and produce a score. Not a measurement. */
class RelayHotPathSmokeTest {

    @Test
    void everyBenchmarkRunsAndScores() throws Exception {
        Options options = new OptionsBuilder()
                .include(RelayHotPath.class.getSimpleName())
                .param("count", "2")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(3, results.size());
        for (RunResult result : results) {
            double score = result.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), result.getParams().getBenchmark() + " scored " + score);
        }
    }

    @Test
    void fanOutWritesOneFrameOfTheEventPerClient() {
        RelayHotPath.Clients clients = new RelayHotPath.Clients();
        clients.count = 3;
        clients.open();
        try {
            // a text frame of 126..65535 bytes has a 4-byte header (server frames are not masked)
            assertEquals(3L * (RelayHotPath.EVENT.length + 4), new RelayHotPath().fanOut(clients));
        } finally {
            clients.close();
        }
    }
}
