package com.scamscan.api;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * For tests that read the spans an app made: with {@value #PROPERTY} set, every ended span goes to an
 * {@link InMemorySpanExporter} bean (Micronaut's OpenTelemetry factory adds the {@link SpanProcessor} bean to its
 * tracer provider).
 */
@Factory
@Requires(property = InMemorySpans.PROPERTY, value = "true")
public class InMemorySpans {

    public static final String PROPERTY = "scamscan.test.in-memory-spans";

    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    @Singleton
    SpanProcessor processor(InMemorySpanExporter exporter) {
        return SimpleSpanProcessor.create(exporter);
    }
}
