/**
 * {@link io.sessions4j.tck.SessionStoreTck}, the conformance tests every {@link io.sessions4j.spi.SessionStore}
 * extends, and {@link io.sessions4j.tck.OutageDrill}, a store outage under HTTP load.
 */
module io.sessions4j.tck {
    requires transitive io.sessions4j.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;
    // OutageDrill: its clients, and the JVM's thread count.
    requires java.net.http;
    requires java.management;

    exports io.sessions4j.tck;
    // JUnit runs the inherited test methods (package-private) by reflection.
    opens io.sessions4j.tck to org.junit.platform.commons;
}
