package io.sessions4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStoreException;
import io.sessions4j.SessionStores;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The meters a real engine fills, over the memory store, Redis and PostgreSQL. */
class SessionMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private SessionStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private SessionManager engine(SessionStore store) {
        this.store = store;
        return SessionManager.create(SessionConfig.builder()
                .secrets("a metrics test secret of at least 32 bytes")
                .store(store)
                .observer(new SessionMetrics(registry, Tags.of("app", "test")))
                .build());
    }

    private double count(String name, String... tags) {
        return registry.get(name).tag("app", "test").tags(tags).counter().count();
    }

    private Timer storeTimer(String operation, String outcome) {
        return registry.get("sessions4j.store.operations").tags("store", store.name(), "operation", operation,
                "outcome", outcome, "app", "test").timer();
    }

    /** A login, a read, a change, a tampered cookie and an unknown (validly signed) id: what every store sees. */
    private void exercise(SessionManager engine) {
        Requests requests = new Requests(engine);
        String cookie = requests.login();
        requests.read(cookie);
        requests.change(cookie);
        // A wrong signature of the right length: cutting the real one could halve a percent-escape.
        requests.read(cookie.substring(0, cookie.lastIndexOf('.') + 1) + "A".repeat(43));
        requests.read("connect.sid=unsigned");

        assertThat(count("sessions4j.sessions.created")).isEqualTo(1);
        assertThat(count("sessions4j.saves")).isEqualTo(2);
        assertThat(count("sessions4j.loads", "result", "hit")).isEqualTo(2);
        assertThat(count("sessions4j.cookies.rejected", "reason", "tampered")).isEqualTo(1);
        assertThat(count("sessions4j.cookies.rejected", "reason", "unsigned")).isEqualTo(1);
        assertThat(storeTimer("set", "success").count()).isEqualTo(1);
        assertThat(storeTimer("get", "success").count()).isEqualTo(2);
        assertThat(storeTimer("replace", "success").count()).isEqualTo(1);
        assertThat(storeTimer("get", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        var size = registry.get("sessions4j.session.size").tag("app", "test").summary();
        assertThat(size.count()).isEqualTo(2);
        assertThat(size.max()).isGreaterThan(50);
    }

    @Test
    void aRealEngineOverTheMemoryStoreFillsTheMetersAndTheActiveGauge() {
        MemoryStore memory = new MemoryStore();
        SessionManager engine = engine(memory);
        SessionMetrics metrics = new SessionMetrics(registry, Tags.of("app", "gauge"));
        assertThat(metrics.monitorActiveSessions(memory)).isTrue();
        exercise(engine);
        assertThat(registry.get("sessions4j.sessions.active").tags("app", "gauge").gauge().value()).isEqualTo(1);
    }

    @Test
    void aRealEngineOverRedisFillsTheMetersAndGetsNoActiveGauge() {
        String uri = System.getenv("SESSIONS4J_REDIS_URI");
        Assumptions.assumeTrue(uri != null, "SESSIONS4J_REDIS_URI is not set");
        SessionManager engine = engine(SessionStores.open(uri, Map.of("prefix", "observe-metrics:" + UUID.randomUUID() + ":")));
        exercise(engine);
        assertThat(new SessionMetrics(registry).monitorActiveSessions(store)).isFalse();
    }

    @Test
    void aRealEngineOverPostgresFillsTheMeters() {
        String url = System.getenv("SESSIONS4J_PG_URL");
        Assumptions.assumeTrue(url != null, "SESSIONS4J_PG_URL is not set");
        SessionManager engine = engine(SessionStores.open(url, Map.of("table", "observe_metrics_session")));
        exercise(engine);
    }

    @Test
    void aClosedStoreCountsItsCallsAsFailures() {
        String uri = System.getenv("SESSIONS4J_REDIS_URI");
        Assumptions.assumeTrue(uri != null, "SESSIONS4J_REDIS_URI is not set");
        SessionManager engine = engine(SessionStores.open(uri, Map.of("prefix", "observe-metrics:" + UUID.randomUUID() + ":")));
        Requests requests = new Requests(engine);
        String cookie = requests.login();
        store.close();
        assertThatThrownBy(() -> requests.read(cookie)).isInstanceOf(SessionStoreException.class);
        assertThat(storeTimer("get", "failure").count()).isEqualTo(1);
        assertThat(count("sessions4j.loads", "result", "hit")).isZero();
    }
}
