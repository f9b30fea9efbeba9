package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit of store-failure logging, on a hand-moved timer. */
class StoreFailureLogTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final List<Throwable> causes = new ArrayList<>();
    private final StoreFailureLog log = new StoreFailureLog("RedisStore", new StoreFailureLog.Lines() {
        @Override
        public void warn(String line, Throwable cause) {
            lines.add("WARN " + line);
            causes.add(cause);
        }

        @Override
        public void info(String line) {
            lines.add("INFO " + line);
            causes.add(null);
        }
    }, nanos::get, Duration.ofSeconds(10));

    private static SessionStoreException failure(String operation) {
        return new SessionStoreException("RedisStore", operation, "connection refused", null);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void logsTheFirstFailureInFullThenCountsThenOneLinePerIntervalThenTheRecovery() {
        SessionStoreException first = failure("get");
        log.failed("get", first);
        for (int i = 0; i < 999; i++) {
            advance(Duration.ofMillis(5));
            log.failed("get", failure("get"));
        }
        advance(Duration.ofSeconds(6));
        log.failed("get", failure("get"));
        log.succeeded("get");
        log.succeeded("get");

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("WARN RedisStore get failed;");
        assertThat(causes.get(0)).isSameAs(first);
        assertThat(lines.get(1)).startsWith("WARN RedisStore get still failing: 1000 failures in the last 11.0 s")
                .contains("connection refused");
        assertThat(causes.get(1)).isNull();
        assertThat(lines.get(2)).isEqualTo("INFO RedisStore get works again, after 1001 failures in 11.0 s");
    }

    @Test
    void keepsOperationsApart() {
        log.failed("get", failure("get"));
        log.failed("replace", failure("replace"));
        log.failed("get", failure("get"));
        log.succeeded("replace");

        assertThat(lines).containsExactly(
                "WARN RedisStore get failed; requests that need it fail until it works again; further failures are "
                        + "counted, one line per 10 s",
                "WARN RedisStore replace failed; requests that need it fail until it works again; further failures "
                        + "are counted, one line per 10 s",
                "INFO RedisStore replace works again, after 1 failures in 0.0 s");
    }

    @Test
    void aStoreThatFailsAndRecoversOverAndOverWritesAtMostTwoLinesPerInterval() {
        for (int i = 0; i < 10_000; i++) {
            log.failed("touch", failure("touch"));
            log.succeeded("touch");
            advance(Duration.ofMillis(1));
        }
        assertThat(lines).as("10 s of flapping").hasSizeLessThanOrEqualTo(2);

        advance(Duration.ofSeconds(10));
        log.failed("touch", failure("touch"));
        assertThat(lines.get(lines.size() - 1)).startsWith("WARN RedisStore touch failed;")
                .contains("(9999 earlier failures were not logged)");
    }

    @Test
    void successWhileNothingFailsLogsNothing() {
        for (int i = 0; i < 100; i++) {
            log.succeeded("get");
        }
        assertThat(lines).isEmpty();
    }
}
