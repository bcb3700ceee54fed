package com.scamscan.api.worker;

import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.AnalysisAgent;
import com.scamscan.api.agent.ToolRunner;
import com.scamscan.api.queue.AgentSettings;
import com.scamscan.api.queue.Claim;
import com.scamscan.api.queue.QueueWait;
import com.scamscan.api.queue.ScanQueue;
import com.scamscan.api.scan.BinaryRedis;
import com.scamscan.redis.RedisConnections;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The agent's worker threads, wiring the queue to the agent (neither knows the other): each thread is a consumer of
 * the scan stream's group; it takes a scan ({@link ScanQueue#take}), claims it ({@link ScanQueue#claim}),
 * touches its entry every third of {@code claim-timeout} while the {@link AnalysisAgent} works, and acknowledges it
 * when the task ended. A scan delivered more than {@code max-attempts} times ends {@code failed} and goes to the
 * dead-letter stream. On shutdown, scans in progress are released for the next poll of another instance. When the
 * instance starts, scans an earlier version left on its lists are moved into the stream, once.
 */
@Context
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
public class ScanWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(ScanWorkers.class);
    /** Consumers holding nothing and unseen for this long (workers of stopped instances) leave the group. */
    static final Duration CONSUMER_IDLE_LIMIT = Duration.ofMinutes(10);
    /** The logging MDC's key for the task a worker's lines are about (the tools' threads get it too). */
    static final String TASK_ID = "task_id";

    private final ScanQueue queue;
    private final AnalysisAgent agent;
    private final AgentSettings settings;
    private final RedisConnections connections;
    private final QueueWait queueWait;
    private final String instanceId = UUID.randomUUID().toString();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService touches = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scan-touches"));
    private final AtomicBoolean migrated = new AtomicBoolean();
    private volatile boolean running = true;

    public ScanWorkers(ScanQueue queue, AnalysisAgent agent, AgentSettings settings, RedisConnections connections,
                       QueueWait queueWait) {
        this.queue = queue;
        this.queueWait = queueWait;
        this.agent = agent;
        this.settings = settings;
        this.connections = connections;
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = new Thread(this::work, "scan-worker-" + i);
            threads.add(thread);
            thread.start();
        }
        long every = settings.claimTimeout().toMillis();
        touches.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
        LOG.info("{} scan worker(s) started", settings.workers());
    }

    /** Moves scans left on an earlier version's lists into the stream; once per instance, retried until it succeeds. */
    private void migrateOnce() {
        if (migrated.get()) {
            return;
        }
        synchronized (migrated) {
            if (!migrated.get()) {
                queue.createGroup();
                List<String> moved = queue.migrate();
                if (!moved.isEmpty()) {
                    LOG.info("moved {} scan(s) from the old list queue to the scan stream", moved.size());
                }
                migrated.set(true);
            }
        }
    }

    private void reap() {
        try {
            long removed = queue.reapConsumers(CONSUMER_IDLE_LIMIT.toMillis());
            if (removed > 0) {
                LOG.info("removed {} idle consumer(s) of stopped workers from the scan group", removed);
            }
        } catch (RuntimeException e) {
            LOG.debug("consumer clean-up skipped: {}", e.toString());
        }
    }

    private void work() {
        String consumer = instanceId + "/" + Thread.currentThread().getName();
        ToolRunner runner = agent.newRunner(Thread.currentThread().getName() + "-tools"); // replaced when a tool will not stop
        try (RedisConnections.Connection<byte[]> blocking = connections.connect(BinaryRedis.CODEC)) {
            while (running) {
                try {
                    migrateOnce();
                    Optional<ScanQueue.Delivery> delivery = queue.take(blocking.sync(), consumer);
                    if (delivery.isPresent()) {
                        handle(delivery.get(), consumer, runner);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("{}: Redis unavailable, waiting: {}", consumer, e.toString());
                    pause();
                }
            }
        } finally {
            runner.close();
        }
    }

    private void handle(ScanQueue.Delivery delivery, String consumer, ToolRunner runner) throws InterruptedException {
        AtomicBoolean held = new AtomicBoolean(true);
        long every = Math.max(10, settings.touchInterval().toMillis());
        ScheduledFuture<?> touching = touches.scheduleAtFixedRate(() -> touch(delivery, consumer, held), every, every, TimeUnit.MILLISECONDS);
        try (MDC.MDCCloseable task = MDC.putCloseable(TASK_ID, delivery.taskId())) { // every line of the scan, JSON field task_id
            if (decide(delivery, consumer, runner, held) && !queue.complete(delivery, consumer)) {
                LOG.warn("task {}: another worker took it over; left to it", delivery.taskId());
            }
        } catch (InterruptedException e) {
            // stopped (shutdown): the next poll of another worker takes the scan, and this start does not count
            if (queue.release(delivery, consumer)) {
                LOG.info("task {}: released for another worker", delivery.taskId());
            }
            throw e;
        } finally {
            // on any other failure the entry stays pending untouched: another worker takes it over after the claim
            // timeout, and that delivery counts, so a scan that always fails a worker ends in the dead letters
            touching.cancel(false);
        }
    }

    private void touch(ScanQueue.Delivery delivery, String consumer, AtomicBoolean held) {
        try {
            if (held.get() && !queue.touch(delivery, consumer)) {
                held.set(false);
                LOG.warn("task {}: held past the claim timeout without a touch and taken over by another worker; {} stops",
                        delivery.taskId(), consumer);
            }
        } catch (RuntimeException e) {
            LOG.info("task {}: touch failed: {}", delivery.taskId(), e.toString());
        }
    }

    /** Runs or ends one delivered scan; whether its entry is to be acknowledged now (not when it was dead-lettered). */
    private boolean decide(ScanQueue.Delivery delivery, String consumer, ToolRunner runner, AtomicBoolean held)
            throws InterruptedException {
        String taskId = delivery.taskId();
        Claim claim = queue.claim(delivery);
        if (claim instanceof Claim.Claimed claimed) {
            LOG.info("task {}: analysis attempt {} on {}", taskId, delivery.attempt(), consumer);
            queueWait.taken(delivery);
            if (claimed.resumed()) {
                agent.announceRetry(taskId, delivery.attempt(), claimed.reached()); // the person hears why it starts over
            }
            agent.analyse(new Analysis(taskId, claimed.input()), claimed.reached(), runner, held::get); // logs its line
            return true;
        }
        if (claim instanceof Claim.Ended) {
            return true; // ended already (its worker stopped between the last event and the acknowledgement) or expired
        }
        if (claim instanceof Claim.Expired expired) {
            agent.failTask(taskId, "The uploaded image expired before it could be analysed", "expired", expired.reached());
            return true;
        }
        if (claim instanceof Claim.OutOfAttempts out) {
            String reason = "The analysis was interrupted " + settings.maxAttempts() + " times; please try again";
            LOG.warn("task {}: delivered {} times, giving up; moved to the dead letters", taskId, delivery.attempt());
            agent.failTask(taskId, reason, "out_of_attempts", out.reached());
            queue.bury(delivery, consumer, reason);
            return false;
        }
        Claim.Unusable unusable = (Claim.Unusable) claim; // the last case of the sealed type
        LOG.warn("scan entry {}: {}; moved to the dead letters", delivery.entryId(), unusable.reason());
        queue.bury(delivery, consumer, unusable.reason());
        return false;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        touches.shutdownNow();
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
