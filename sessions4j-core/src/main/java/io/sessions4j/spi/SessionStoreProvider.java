package io.sessions4j.spi;

import java.util.Map;

/**
 * Creates stores from a URI-like spec ({@code redis://host:6379}, {@code jdbc:postgresql://...},
 * {@code memory}), so an application can choose its store by configuration. Store modules register an
 * implementation with {@link java.util.ServiceLoader} ({@code META-INF/services/io.sessions4j.spi.SessionStoreProvider});
 * {@link io.sessions4j.SessionStores#open} finds it.
 */
public interface SessionStoreProvider {

    /**
     * Whether this provider understands the spec (usually by its scheme).
     *
     * @param spec the store spec
     * @return {@code true} if {@link #open} can open it
     */
    boolean supports(String spec);

    /**
     * Opens a store. The caller owns it and closes it.
     *
     * @param spec the store spec, e.g. {@code redis://127.0.0.1:6379/0}
     * @param options extra settings by name (e.g. {@code prefix}, {@code table}); unknown names are refused
     * @return the open store
     * @throws IllegalArgumentException for a spec or option the provider cannot use, naming it
     */
    SessionStore open(String spec, Map<String, String> options);
}
