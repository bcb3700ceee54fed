package com.scamscan.api.queue;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.agent.ToolRunner;
import com.scamscan.task.TaskRecord;
import com.scamscan.task.TaskRegistry;
import com.scamscan.task.TaskStatus;
import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.redis.RedisConnections;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's worker threads: each takes a queued scan, holds its lease while the {@link AnalysisAgent} works,
 * and marks it done. On shutdown, scans in progress go back to the queue for another instance.
 */
@Context
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScanWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWorkers.class);
    private static final long WAIT_SECONDS = 1;

    private final ScanQueue queue;
    private final AnalysisAgent agent;
    private final TaskRegistry registry;
    private final AgentSettings settings;
    private final RedisConnections connections;
    private final String instanceId = UUID.randomUUID().toString();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scan-leases"));
    private final ScheduledFuture<?> recovery;
    private volatile boolean running = true;

    public ScanWorkers(ScanQueue queue, AnalysisAgent agent, TaskRegistry registry, AgentSettings settings, RedisConnections connections,
                       @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.queue = queue;
        this.agent = agent;
        this.registry = registry;
        this.settings = settings;
        this.connections = connections;
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = new Thread(this::work, "scan-worker-" + i);
            threads.add(thread);
            thread.start();
        }
        recovery = scheduler.scheduleWithFixedDelay(settings.recoveryInterval(), settings.recoveryInterval(), this::recover);
        LOG.info("{} scan worker(s) started", settings.workers());
    }

    /**
     * Puts tasks of dead workers back on the queue; fails those out of attempts. Runs on every worker instance, every
     * {@code recovery-interval}.
     */
    void recover() {
        try {
            for (String taskId : queue.recover()) {
                LOG.warn("task {}: its workers stopped {} times, giving up", taskId, settings.maxAttempts());
                agent.failTask(taskId, "The analysis was interrupted " + settings.maxAttempts() + " times; please try again",
                        percentOf(taskId));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("recovering abandoned scans failed: {}", e.toString());
        }
    }

    private void work() {
        String workerId = instanceId + "/" + Thread.currentThread().getName();
        ToolRunner runner = agent.newRunner(Thread.currentThread().getName() + "-tools"); // replaced when a tool will not stop
        try (RedisConnections.Connection<byte[]> blocking = connections.connect(BinaryRedis.CODEC)) {
            while (running) {
                try {
                    List<String> expired = new ArrayList<>();
                    Optional<ScanQueue.Claim> claim = queue.claim(blocking.sync(), workerId, WAIT_SECONDS, expired);
                    for (String taskId : expired) {
                        agent.failTask(taskId, "The uploaded image expired before it could be analysed", percentOf(taskId));
                    }
                    if (claim.isPresent()) {
                        process(claim.get(), workerId, runner);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("{}: Redis unavailable, waiting: {}", workerId, e.toString());
                    pause();
                }
            }
        } finally {
            runner.close();
        }
    }

    private void process(ScanQueue.Claim claim, String workerId, ToolRunner runner) throws InterruptedException {
        String taskId = claim.taskId();
        long every = Math.max(50, settings.leaseTtl().toMillis() / 3);
        ScheduledFuture<?> renewal = leases.scheduleAtFixedRate(() -> {
            try {
                if (!queue.renew(taskId, workerId)) {
                    LOG.warn("task {}: lease lost by {}", taskId, workerId);
                }
            } catch (RuntimeException e) {
                LOG.info("task {}: lease renewal failed: {}", taskId, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        boolean finished = false;
        try {
            LOG.info("task {}: analysis attempt {} on {}", taskId, claim.attempt(), workerId);
            Optional<TaskRecord> record = registry.find(taskId).toCompletableFuture().join();
            int reached = record.map(TaskRecord::percent).orElse(0);
            if (claim.attempt() > 1 || record.map(r -> r.status() != TaskStatus.QUEUED).orElse(false)) {
                agent.announceRetry(taskId, claim.attempt(), reached); // another worker started it: the person hears why it starts over
            }
            Analysis analysis = new Analysis(taskId, claim.image(), claim.imageType(), claim.text(), claim.region());
            AnalysisAgent.Outcome outcome = agent.analyse(analysis, reached, runner);
            LOG.info("task {}: {}", taskId, outcome);
            finished = true;
        } finally {
            renewal.cancel(false);
            if (finished) {
                queue.complete(taskId, workerId);
            } else {
                queue.release(taskId, workerId);
                LOG.info("task {}: released for another worker", taskId);
            }
        }
    }

    private int percentOf(String taskId) {
        return registry.find(taskId).toCompletableFuture().join().map(TaskRecord::percent).orElse(0);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        recovery.cancel(false);
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        leases.shutdownNow();
    }

    private static void pause() {
        try {
            Thread.sleep(1000); // back off while Redis is down; a production loop, not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
