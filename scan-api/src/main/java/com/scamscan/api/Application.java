package com.scamscan.api;

import io.micronaut.runtime.Micronaut;

/** scan-api: accepts screenshots, issues task ids and ws_urls, answers task status. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
