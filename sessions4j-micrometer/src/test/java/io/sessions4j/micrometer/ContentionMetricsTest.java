package io.sessions4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.ConcurrencyMode;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Merge and lock meters of a real engine over the memory store. */
class ContentionMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private SessionManager engine(ConcurrencyMode mode) {
        return SessionManager.create(SessionConfig.builder()
                .secrets("a metrics test secret of at least 32 bytes")
                .store(new MemoryStore())
                .concurrency(mode)
                .lockTimeout(Duration.ofMillis(50))
                .observer(new SessionMetrics(registry))
                .build());
    }

    @Test
    void twoOverlappingSavesCountOneConflictAndOneRetry() {
        SessionManager engine = engine(ConcurrencyMode.MERGE);
        Requests requests = new Requests(engine);
        String cookie = requests.login();
        try (RequestScope a = engine.open(requests.exchange(cookie));
                RequestScope b = engine.open(requests.exchange(cookie))) {
            a.session().put("a", 1);
            b.session().put("b", 2);
            a.commit();
            b.commit();
        }
        assertThat(registry.get("sessions4j.merge.conflicts").counter().count()).isEqualTo(1);
        assertThat(registry.get("sessions4j.merge.retries").counter().count()).isEqualTo(1);
    }

    @Test
    void lockModeTimesTheWaitAndCountsTheTimeOut() {
        SessionManager engine = engine(ConcurrencyMode.LOCK);
        Requests requests = new Requests(engine);
        String cookie = requests.login();
        try (RequestScope holding = engine.open(requests.exchange(cookie))) {
            assertThatThrownBy(() -> engine.open(requests.exchange(cookie)))
                    .isInstanceOf(SessionLockTimeoutException.class);
            holding.finish();
        }
        assertThat(registry.get("sessions4j.lock.wait").timer().count()).isEqualTo(1);
        assertThat(registry.get("sessions4j.lock.timeouts").counter().count()).isEqualTo(1);
    }
}
