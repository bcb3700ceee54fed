package com.scamscan.gateway.relay;

import com.scamscan.gateway.GatewaySettings;
import com.scamscan.gateway.budget.BudgetSettings;
import com.scamscan.gateway.budget.ConnectionBudget;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's clocks: the budget lease renewal every {@code budget.renew-interval} (from startup), heartbeats every
 * {@code heartbeat-interval} and the sweep every {@code sweep-interval}, at the intervals the settings records hold
 * (the only place their defaults are written). A run that fails is logged and the schedule goes on.
 */
@Context
final class RelaySweeps {

    private static final Logger LOG = LoggerFactory.getLogger(RelaySweeps.class);

    private final List<ScheduledFuture<?>> schedules;

    RelaySweeps(ProgressRelay relay, ConnectionBudget budget, GatewaySettings gateway, BudgetSettings budgetSettings,
                @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.schedules = List.of(
                every(scheduler, Duration.ZERO, budgetSettings.renewInterval(), "budget renewal", budget::renew),
                every(scheduler, gateway.heartbeatInterval(), gateway.heartbeatInterval(), "heartbeat", relay::heartbeat),
                every(scheduler, gateway.sweepInterval(), gateway.sweepInterval(), "sweep", relay::sweep));
    }

    private static ScheduledFuture<?> every(TaskScheduler scheduler, Duration first, Duration delay, String name,
                                            Runnable task) {
        return scheduler.scheduleWithFixedDelay(first, delay, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("relay {} failed; it runs again in {}", name, delay, e);
            }
        });
    }

    @PreDestroy
    void stop() {
        schedules.forEach(schedule -> schedule.cancel(false));
    }
}
