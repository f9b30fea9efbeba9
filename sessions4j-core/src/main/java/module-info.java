/**
 * sessions4j core: {@link io.sessions4j.SessionConfig}, {@link io.sessions4j.Session}, the in-memory store, and
 * the engine that adapters drive through {@link io.sessions4j.spi}. Store modules register an
 * {@link io.sessions4j.spi.SessionStoreProvider} so that {@link io.sessions4j.SessionStores#open(String)} finds
 * them, on the module path as on the class path.
 *
 * <p>Session values are written and read by Jackson: a module whose records or beans go into sessions opens
 * their package to {@code com.fasterxml.jackson.databind}.
 */
module io.sessions4j.core {
    // The API takes an ObjectMapper and TypeReferences, so Jackson comes with it.
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports io.sessions4j;
    exports io.sessions4j.spi;

    uses io.sessions4j.spi.SessionStoreProvider;
}
