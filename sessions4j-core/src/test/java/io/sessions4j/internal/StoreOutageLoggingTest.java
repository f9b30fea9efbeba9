package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the real log (SLF4J, slf4j-simple on stderr in tests) gets when the store fails on every request. */
class StoreOutageLoggingTest extends EngineTestSupport {

    @Test
    void aThousandFailedRequestsWriteOneWarningAndTheRecoveryOneLine() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        store.failNext("get", 1_000);

        List<String> lines = logLines(() -> {
            for (int i = 0; i < 1_000; i++) {
                assertThatThrownBy(() -> untouched(engine, FakeExchange.following(first)))
                        .isInstanceOf(SessionStoreException.class);
            }
            request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isFalse());
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("WARN").contains("CountingStore get failed");
        assertThat(lines.get(1)).contains("INFO").contains("CountingStore get works again, after 1000 failures");
    }

    /** The log statements (not stack-trace lines) written to stderr while {@code body} runs. */
    private static List<String> logLines(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> l.startsWith("[") && l.contains(" io.sessions4j."))
                .collect(Collectors.toList());
    }
}
