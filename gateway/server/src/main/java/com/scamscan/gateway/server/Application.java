package com.scamscan.gateway.server;

import io.micronaut.runtime.Micronaut;

/** The gateway: relays task progress from Redis to WebSocket clients. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        GoingAway.install(Micronaut.run(Application.class, args));
    }
}
