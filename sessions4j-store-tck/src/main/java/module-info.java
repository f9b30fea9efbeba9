/**
 * {@link io.sessions4j.tck.SessionStoreTck}, the conformance tests every {@link io.sessions4j.spi.SessionStore}
 * extends.
 */
module io.sessions4j.tck {
    requires transitive io.sessions4j.core;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.sessions4j.tck;
    // JUnit runs the inherited test methods (package-private) by reflection.
    opens io.sessions4j.tck to org.junit.platform.commons;
}
