package com.scamscan.redis;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;
import io.micronaut.core.value.PropertyResolver;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The old {@code scamscan.redis.*} names, kept for one release: each one set is read as its {@code redis.*} name
 * (unless that is set too) and logged as deprecated, naming the new property. Micronaut has no property aliases, and
 * {@code redis.uris} cannot be mapped with a placeholder in {@code application.yml} (micronaut-redis-lettuce switches to
 * cluster mode when the property is present at all, even empty), so this adds a property source that is read after all
 * others: it sees what they set and adds only the new names that none of them set (an app's own application.yml
 * aside: its {@code redis.uri} is a default that the old name overrides, as it did). The environment variables
 * {@code SCAMSCAN_REDIS_URIS}, {@code SCAMSCAN_REDIS_PASSWORD} and {@code SCAMSCAN_REDIS_STARTUP_WAIT} that deployments
 * set reach the same mapping (Micronaut reads them as {@code scamscan.redis.*}) and stay supported, without a warning.
 */
public final class DeprecatedRedisProperties implements PropertySourceLoader {

    /** Old name to new name. */
    public static final Map<String, String> RENAMED = Map.of(
            "scamscan.redis.uri", RedisConnectionSettings.URI,
            "scamscan.redis.uris", RedisConnectionSettings.URIS,
            "scamscan.redis.password", RedisConnectionSettings.PASSWORD,
            "scamscan.redis.command-timeout", RedisConnectionSettings.COMMAND_TIMEOUT,
            "scamscan.redis.reconnect-delay-min", RedisConnectionSettings.RECONNECT_DELAY_MIN,
            "scamscan.redis.reconnect-delay-max", RedisConnectionSettings.RECONNECT_DELAY_MAX,
            "scamscan.redis.topology-refresh", RedisConnectionSettings.TOPOLOGY_REFRESH,
            "scamscan.redis.startup-wait", RedisConnectionSettings.STARTUP_WAIT);
    /** The environment variables deployments set under the old names, still supported. */
    static final Set<String> SUPPORTED_VARIABLES = Set.of("SCAMSCAN_REDIS_URIS", "SCAMSCAN_REDIS_PASSWORD", "SCAMSCAN_REDIS_STARTUP_WAIT");
    static final String NAME = "scamscan-deprecated-redis-names";
    /** Where an app's own configuration file comes from: application.yml, application-ENV.yml. */
    private static final String APP_CONFIGURATION = "application";
    private static final Logger LOG = LoggerFactory.getLogger(DeprecatedRedisProperties.class);

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        // the environment reads the classpath through itself: that is where the other sources can be seen
        if (!"application".equals(resourceName) || !(resourceLoader instanceof PropertyResolver resolver)) {
            return Optional.empty();
        }
        return Optional.of(new Renamed(resolver));
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader, ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> read(String name, InputStream input) {
        return Map.of();
    }

    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }

    /** The new names of the old ones set; computed when the environment reads it, after every other source. */
    private static final class Renamed implements PropertySource {
        private final PropertyResolver resolver;
        private Map<String, Object> values = Map.of();

        Renamed(PropertyResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public int getOrder() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Object get(String key) {
            return values.get(key);
        }

        @Override
        public Iterator<String> iterator() {
            values = rename(resolver);
            return values.keySet().iterator();
        }
    }

    static Map<String, Object> rename(PropertyResolver resolver) {
        Map<String, Object> renamed = new LinkedHashMap<>();
        RENAMED.forEach((old, current) -> resolver.getProperty(old, String.class).ifPresent(value -> {
            if (!fromSupportedVariable(old, value)) {
                LOG.warn("{} is deprecated and will be removed in the next release: use {}", old, current);
            }
            if (!setExplicitly(resolver, current)) {
                renamed.put(current, value);
            }
        }));
        return renamed;
    }

    /**
     * Whether a property is set other than by an app's own {@code application.yml}, whose {@code redis.uri} default
     * (REDIS_URL or localhost) an old {@code scamscan.redis.uri} still overrides, as it did. Asked of the environment's
     * catalog: containsProperty and getProperty cache their answers, which would then hide the value added here.
     */
    private static boolean setExplicitly(PropertyResolver resolver, String property) {
        if (!(resolver instanceof Environment environment)) {
            return resolver.containsProperty(property);
        }
        return environment.getPropertyEntry(property)
                .filter(entry -> entry.origin() == null || !entry.origin().location().startsWith(APP_CONFIGURATION))
                .isPresent();
    }

    private static boolean fromSupportedVariable(String property, String value) {
        String variable = property.toUpperCase().replace('.', '_').replace('-', '_');
        return SUPPORTED_VARIABLES.contains(variable) && value.equals(System.getenv(variable));
    }
}
