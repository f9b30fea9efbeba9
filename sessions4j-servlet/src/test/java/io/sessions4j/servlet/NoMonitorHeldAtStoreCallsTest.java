package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.servlet.testing.ServletContainer;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.StoreCallProbe;
import io.sessions4j.servlet.testing.TestHttpServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No store call is made while sessions4j code holds a {@code synchronized} monitor: on JDK 21 to 23 a virtual
 * thread blocked in the store there would pin its carrier. Every commit path runs against a store that checks
 * the calling thread's monitors at each call.
 */
class NoMonitorHeldAtStoreCallsTest {
    private final StoreCallProbe probe = new StoreCallProbe(Duration.ofMillis(2));
    private final CountingStore store = new CountingStore().beforeEachCall(probe);
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private TestHttpServer server;

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    /** Login with a redirect and changes after it, a flush, an async completion, a new id, a logout. */
    static void app(HttpServletRequest req, HttpServletResponse res, ExecutorService worker) throws IOException {
        HttpSession session = req.getSession();
        switch (req.getRequestURI()) {
            case "/login" -> {
                session.setAttribute("user", "ada");
                req.changeSessionId();
                res.sendRedirect("/");
                session.removeAttribute("absent");
                session.setAttribute("late", 1);
            }
            case "/flush" -> {
                session.setAttribute("flushed", true);
                res.flushBuffer();
            }
            case "/async" -> {
                AsyncContext async = req.startAsync();
                worker.submit(() -> {
                    session.setAttribute("async", true);
                    async.complete();
                });
            }
            case "/logout" -> session.invalidate();
            default -> res.getWriter().print(session.getAttribute("user"));
        }
    }

    static SessionFilter filter(CountingStore store, ConcurrencyMode mode) {
        return new SessionFilter(TestConfigs.with(store).concurrency(mode).build())
                .addListener(new HttpSessionListener() {
                    @Override
                    public void sessionCreated(HttpSessionEvent se) {
                        se.getSession().getAttribute("user");
                    }
                });
    }

    private void runEveryPath(ServletContainer container, ConcurrencyMode mode) {
        server = container.start(filter(store, mode), "connect.sid",
                Map.of("/*", (req, res) -> app(req, res, worker)));
        String cookie = server.sessionCookie(server.get("/login"));
        assertThat(server.get("/", cookie).body()).isEqualTo("ada");
        server.get("/flush", cookie);
        server.get("/async", cookie);
        server.get("/logout", cookie);
        assertThat(store.totalCalls()).isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void inMergeMode(ServletContainer container) {
        runEveryPath(container, ConcurrencyMode.MERGE);
        assertThat(probe.callsUnderMonitor()).isEmpty();
    }

    @Test
    void inLockMode() {
        runEveryPath(ServletContainer.JETTY_EE10, ConcurrencyMode.LOCK);
        assertThat(probe.callsUnderMonitor()).isEmpty();
    }

    @Test
    void theCheckSeesACallMadeUnderAMonitor() {
        synchronized (this) {
            store.get("any");
        }
        assertThat(probe.callsUnderMonitor()).singleElement().asString()
                .startsWith("get under " + getClass().getName());
    }
}
