package io.sessions4j;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.SessionStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens a store from a spec string, using whichever store modules are on the class path:
 *
 * <pre>{@code
 * SessionStore store = SessionStores.open("redis://127.0.0.1:6379");   // needs sessions4j-redis
 * SessionStore memory = SessionStores.open("memory");                  // always available
 * SessionStore bounded = SessionStores.open("memory:maximumWeight=64MB");   // or maximumSize=10000
 * }</pre>
 */
public final class SessionStores {
    private SessionStores() {
    }

    /**
     * Opens the store a spec names, with no extra options.
     *
     * @param spec e.g. {@code memory}, {@code redis://host:6379}, {@code jdbc:postgresql://host/db}
     * @return the store; the caller closes it (or hands it to a {@code SessionFilter}, which does)
     * @throws IllegalArgumentException when no provider on the class path understands the spec
     */
    public static SessionStore open(String spec) {
        return open(spec, Map.of());
    }

    /**
     * Opens the store a spec names.
     *
     * @param spec e.g. {@code memory}, {@code redis://host:6379}, {@code jdbc:postgresql://host/db}
     * @param options extra settings by name (e.g. {@code prefix}, {@code table}); unknown names are refused
     * @return the store; the caller closes it (or hands it to a {@code SessionFilter}, which does)
     * @throws
 IllegalArgumentException when no provider on the class path understands the spec
     */
    public static SessionStore open(String spec, Map<String, String> options) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("store: a spec is required, e.g. 'memory' or 'redis://host:6379'");
        }
        if (MemoryStoreSpec.matches(spec)) {
            return MemoryStoreSpec.open(spec, options);
        }
        List<String> known = new ArrayList<>(List.of("memory"));
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
            if (provider.supports(spec)) {
                return provider.open(spec, options);
            }
            known.add(provider.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("store: no store module on the class path understands '" + redact(spec)
                + "' (available: " + known + ")");
    }

    /** Specs may carry passwords in the user info or the query; never echo either. */
    private static String redact(String spec) {
        return spec.replaceAll("//[^@]*@", "//***@").replaceAll("[?;].*$", "?***");
    }
}
