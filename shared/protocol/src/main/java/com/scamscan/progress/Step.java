package com.scamscan.progress;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * The {@code step} of a frame, as written on the wire. The agent's tool steps come in the order the agent
 * runs them; {@link #RETRYING} says a new worker took over an interrupted task; {@link #COMPLETED} and
 * {@link #FAILED} end a task; {@link #CONNECTED} is the gateway's greeting. Steps may be added: a client skips a
 * step it does not know.
 */
@io.micronaut.serde.annotation.Serdeable
public enum Step {
    CONNECTED("connected"),
    ENTITY_EXTRACTION("entity_extraction"),
    SCAM_DB("scam_db"),
    EXA_SEARCH("exa_search"),
    DOMAIN_REPUTATION("domain_reputation"),
    PHONE_VALIDATOR("phone_validator"),
    REASONING("reasoning"),
    /** Not a tool: the task's worker stopped (died, or was shut down) and another worker starts it over. */
    RETRYING("retrying"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String wireName;

    Step(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code scam_db}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a task ends with this step: nothing follows it and the gateway closes with 1000. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** The step with this wire name; fails on names outside the contract. */
    @JsonCreator
    public static Step fromWireName(String wireName) {
        return find(wireName).orElseThrow(() -> new IllegalArgumentException("unknown step: " + wireName));
    }

    /** The step with this wire name, if the contract has one. */
    public static Optional<Step> find(String wireName) {
        for (Step step : values()) {
            if (step.wireName.equals(wireName)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
