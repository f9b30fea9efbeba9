package io.sessions4j.jdbc;

import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStores;
import io.sessions4j.jdbc.testing.CounterApp;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.OutageDrill;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outage matrix of a SQL store, under load from {@link OutageDrill}, on a database server the test owns:
 * killed mid-load (SIGKILL) and started again, frozen (SIGSTOP, connections left open) and let go on, and
 * shut down cleanly and started again. The store is opened from its spec, as an application would
 * ({@code SessionStores.open(jdbcUrl)}: a HikariCP pool with the provider's defaults). Each time: only 503s
 * while it is broken, nothing waiting much past the store's timeouts, no thread pile-up, a bounded log, and
 * every session back afterwards.
 */
abstract class OutageMatrix {
    /**
     * The provider's pool waits 2 s for a connection, a statement at most the store's network timeout (5 s):
     * 10 s leaves room for a busy machine and is still shorter than the freeze.
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private SessionStore store;
    private CounterApp app;

    /** The owned server's JDBC URL. */
    abstract String jdbcUrl();

    abstract void kill() throws Exception;

    abstract void pause() throws Exception;

    abstract void resume() throws Exception;

    abstract void stop() throws Exception;

    abstract void start() throws Exception;

    private OutageDrill drill() throws Exception {
        store = SessionStores.open(jdbcUrl());
        app = new CounterApp(SessionConfig.builder()
                .secrets("outage matrix secret, long enough to be real")
                .store(store)
                .cookie(c -> c.maxAge(Duration.ofHours(1)))
                .build());
        return OutageDrill.against("http://127.0.0.1:" + app.port() + "/", body -> Integer.parseInt(body.trim()));
    }

    @AfterEach
    void closeApp() {
        if (app != null) {
            app.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void killedMidLoadAndStartedAgain() throws Exception {
        System.out.println("killed: " + drill().run(this::kill, this::start).assertContained(MAX_WAIT));
    }

    /** Frozen for longer than any wait may last, so that the store's timeouts, not the thaw, end the waits. */
    @Test
    void frozenWithOpenConnectionsThenLetGoOn() throws Exception {
        System.out.println("paused: " + drill().outage(Duration.ofSeconds(12)).run(this::pause, this::resume)
                .assertContained(MAX_WAIT));
    }

    @Test
    void shutDownAndStartedAgain() throws Exception {
        System.out.println("restarted: " + drill().run(this::stop, this::start).assertContained(MAX_WAIT));
    }
}
