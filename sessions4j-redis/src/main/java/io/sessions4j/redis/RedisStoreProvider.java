package io.sessions4j.redis;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.SessionStoreProvider;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a {@link RedisStore} from a spec, for {@link io.sessions4j.SessionStores#open}:
 * {@code redis://host:6379/0}, {@code rediss://...}, {@code redis-sentinel://host:26379#mymaster}.
 *
 * <p>Options: {@code prefix} (default {@code sess:}), {@code cluster} ({@code true}/{@code false}),
 * {@code commandTimeout} ({@code 2s}, {@code 500ms} or ISO-8601 such as {@code PT2S}), {@code scanCount},
 * {@code expiryPollInterval} (a duration as {@code commandTimeout}; {@code 0} turns expiry events off),
 * {@code nearCache} (how many sessions the opt-in near cache holds; {@code 0}, the default, turns it off).
 * They may also be given in the spec's query string, so that one string configures the store
 * ({@code redis://127.0.0.1:6379/0?prefix=myapp:&commandTimeout=1s}); Lettuce's own query parameters
 * ({@code timeout}, {@code clientName}, ...) pass through. An option given both ways is refused.
 */
public final class RedisStoreProvider implements SessionStoreProvider {
    private static final Set<String> SCHEMES = Set.of("redis://", "rediss://", "redis-sentinel://",
            "rediss-sentinel://", "redis-socket://");
    private static final Set<String> OPTIONS = Set.of("prefix", "cluster", "commandTimeout", "scanCount",
            "expiryPollInterval", "nearCache");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s)");

    @Override
    public boolean supports(String spec) {
        if (spec == null) {
            return false;
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        return SCHEMES.stream().anyMatch(lower::startsWith);
    }

    @Override
    public SessionStore open(String spec, Map<String, String> options) {
        if (!supports(spec)) {
            throw new IllegalArgumentException("store: not a Redis URI: " + RedisStore.redact(String.valueOf(spec)));
        }
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("store option '" + name + "' is unknown to the Redis store "
                        + "(known: " + OPTIONS + ")");
            }
        }
        Map<String, String> fromQuery = new java.util.LinkedHashMap<>();
        String uri = takeOptions(spec, fromQuery);
        for (String name : fromQuery.keySet()) {
            if (options.containsKey(name)) {
                throw new IllegalArgumentException("store option '" + name + "' is given both in the URI and "
                        + "as an option");
            }
        }
        Map<String, String> all = new java.util.HashMap<>(options);
        all.putAll(fromQuery);
        options = all;
        RedisStore.Builder builder = RedisStore.builder().uri(uri);
        String prefix = options.get("prefix");
        if (prefix != null) {
            builder.prefix(prefix);
        }
        String cluster = options.get("cluster");
        if (cluster != null) {
            builder.cluster(bool("cluster", cluster));
        }
        String timeout = options.get("commandTimeout");
        if (timeout != null) {
            builder.commandTimeout(duration("commandTimeout", timeout));
        }
        String poll = options.get("expiryPollInterval");
        if (poll != null) {
            builder.expiryPollInterval(poll.trim().equals("0") ? Duration.ZERO : duration("expiryPollInterval", poll));
        }
        String scanCount = options.get("scanCount");
        if (scanCount != null) {
            builder.scanCount(integer("scanCount", scanCount));
        }
        String nearCache = options.get("nearCache");
        if (nearCache != null) {
            builder.nearCache(integer("nearCache", nearCache));
        }
        return builder.build();
    }

    /** Moves this store's options out of the URI's query string into {@code into}; returns the rest of the URI. */
    static String takeOptions(String spec, Map<String, String> into) {
        int q = spec.indexOf('?');
        if (q < 0) {
            return spec;
        }
        int hash = spec.indexOf('#', q);
        String query = hash < 0 ? spec.substring(q + 1) : spec.substring(q + 1, hash);
        String fragment = hash < 0 ? "" : spec.substring(hash);
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (OPTIONS.contains(name)) {
                into.put(name, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            } else {
                kept.add(pair);
            }
        }
        return spec.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + fragment;
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + value, e);
        }
    }

    private static boolean bool(String option, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(option + ": expected true or false, got " + value);
        };
    }

    static Duration duration(String option, String value) {
        String v = value.trim();
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": expected e.g. 2s, 500ms or PT2S, got " + value, e);
        }
    }
}
