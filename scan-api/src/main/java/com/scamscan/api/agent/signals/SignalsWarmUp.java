package com.scamscan.api.agent.signals;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** Loads the language models where the agent runs, in the background, so the first scan does not wait for them. */
@Singleton
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
class SignalsWarmUp {

    private final TextSignals signals;

    SignalsWarmUp(TextSignals signals) {
        this.signals = signals;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Thread thread = new Thread(signals::warmUp, "signals-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
