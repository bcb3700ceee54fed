package com.scamscan.api.agent.outside;

import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one on/off convention of the outside services the agent may call: web search ({@code exa}), RDAP ({@code rdap}),
 * the explaining model ({@code llm}) and link expansion ({@code link-expansion}). Each is off unless
 * {@code scamscan.agent.SERVICE.enabled} is {@code true}; an enabled service must have what it needs to be reached
 * (its {@code base-url}, for web search its {@code api-key}), or startup stops naming the property to set.
 *
 * <p>Earlier releases turned web search on by its {@code api-key} alone and the model by its {@code base-url} alone.
 * Where {@code enabled} is not set, that still works for this release, with a deprecation warning in the log.
 */
public final class OutsideService {

    /** Where the services' properties live: {@code scamscan.agent.SERVICE.*}. */
    public static final String PREFIX = "scamscan.agent";

    private static final Logger LOG = LoggerFactory.getLogger(OutsideService.class);

    private OutsideService() {
    }

    /**
     * Whether a service is on: its {@code enabled} when set; otherwise, only when the setting that turned it on in
     * earlier releases is set (with a deprecation warning).
     *
     * @param service the service's name under {@value #PREFIX} ({@code exa}, {@code llm}, ...)
     * @param enabled its {@code enabled} property, {@code null} when not set
     * @param legacyProperty the property (under the service) that turned it on by being set in earlier releases, or
     *                       {@code null} when there was none
     * @param legacySet whether that property is set (not blank)
     */
    public static boolean enabled(String service, @Nullable Boolean enabled, @Nullable String legacyProperty, boolean legacySet) {
        if (enabled != null) {
            return enabled;
        }
        if (legacyProperty != null && legacySet) {
            LOG.warn("{} is set without {}: turning {} on as earlier releases did. This is deprecated: set {}=true"
                            + " (from the next release, {} alone will not turn it on)",
                    property(service, legacyProperty), property(service, "enabled"), service, property(service, "enabled"),
                    property(service, legacyProperty));
            return true;
        }
        return false;
    }

    /**
     * Stops startup when an enabled service lacks a setting it needs.
     *
     * @param setting the setting's name under the service ({@code base-url}, {@code api-key})
     * @param value its value
     * @throws IllegalArgumentException when the service is on and the value is empty
     */
    public static void require(String service, boolean on, String setting, @Nullable String value) {
        if (on && (value == null || value.isBlank())) {
            throw new IllegalArgumentException(property(service, "enabled") + " is true but " + property(service, setting)
                    + " is empty: set it, or turn " + service + " off");
        }
    }

    /** The full name of one of a service's properties. */
    public static String property(String service, String setting) {
        return PREFIX + "." + service + "." + setting;
    }
}
