package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.JettyHarness;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client gets when the session store fails, under each {@link StoreFailurePolicy}. */
class StoreFailureTest {
    private final CountingStore store = new CountingStore();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private void start(StoreFailurePolicy policy, JettyHarness.Handler handler) {
        jetty = JettyHarness.start(TestConfigs.with(store).storeFailurePolicy(policy).build(), handler);
    }

    /** A handler that counts in the session; {@code /login} redirects, {@code /stream} writes a sized body. */
    private final JettyHarness.Handler counter = (req, res) -> {
        seen.add("handler ran");
        Session s = SessionFilter.session(req);
        int n = s.get("n", Integer.class).orElse(0) + 1;
        s.put("n", n);
        res.addCookie(new Cookie("app", "own-cookie"));
        if (req.getRequestURI().equals("/login")) {
            res.sendRedirect("/home");
            return;
        }
        if (req.getRequestURI().equals("/stream")) {
            res.setContentLength(10);
            res.getOutputStream().write("01234".getBytes());
            res.getOutputStream().write("56789".getBytes());
            seen.add("wrote everything");
            return;
        }
        res.getWriter().print("n=" + n);
    };

    private static void assertCleanServiceUnavailable(JettyHarness.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("1");
        assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo(FailureResponses.BODY);
        assertThat(response.body()).doesNotContain("Exception", "at io.", "CountingStore");
        assertThat(response.setCookies()).isEmpty();
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void loadFailureAnswersACleanServiceUnavailableWithoutRunningTheHandler() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        String cookie = jetty.sessionCookie(jetty.get("/"));
        seen.clear();
        store.failNext(Op.GET, 1);
        assertCleanServiceUnavailable(jetty.get("/", cookie));
        assertThat(seen).isEmpty();
    }

    @Test
    void requestsWorkAgainWhenTheStoreRecovers() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        String cookie = jetty.sessionCookie(jetty.get("/"));
        store.failAlways(Op.GET);
        assertThat(jetty.get("/", cookie).status()).isEqualTo(503);
        assertThat(jetty.get("/", cookie).status()).isEqualTo(503);
        store.heal();
        JettyHarness.Response recovered = jetty.get("/", cookie);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.body()).isEqualTo("n=2");
    }

    @Test
    void saveFailureAtTheEndOfTheRequestAnswersServiceUnavailableWithNoCookies() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        store.failNext(Op.SET, 1);
        JettyHarness.Response response = jetty.get("/");
        assertCleanServiceUnavailable(response);
        assertThat(seen).containsExactly("handler ran");
    }

    @Test
    void saveFailureDuringARedirectAnswersServiceUnavailableInsteadOfTheRedirect() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        store.failNext(Op.SET, 1);
        assertCleanServiceUnavailable(jetty.get("/login"));
    }

    @Test
    void saveFailureOfAnExistingSessionDuringARedirectAnswersServiceUnavailable() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        String cookie = jetty.sessionCookie(jetty.get("/"));
        store.failNext(Op.REPLACE, 1);
        assertCleanServiceUnavailable(jetty.get("/login", cookie));
        assertThat(jetty.get("/", cookie).body()).as("the failed change was not stored").isEqualTo("n=2");
    }

    @Test
    void saveFailureWhileTheBodyIsWrittenReplacesTheWholeResponse() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, counter);
        store.failNext(Op.SET, 1);
        JettyHarness.Response response = jetty.get("/stream");
        assertCleanServiceUnavailable(response);
        // The 503 is complete before the handler returns: wait for it to finish its (dropped) writes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(seen).as("the handler's writes are dropped, not failed").containsExactly("handler ran", "wrote everything");
    }

    @Test
    void failureOfTheApplicationsOwnSessionCallAnswersServiceUnavailable() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE, (req, res) -> {
            Session s = SessionFilter.session(req);
            if (req.getRequestURI().equals("/regenerate")) {
                s.regenerate();
            }
            s.put("x", 1);
        });
        String cookie = jetty.sessionCookie(jetty.get("/"));
        store.failNext(Op.DESTROY, 1);
        assertCleanServiceUnavailable(jetty.get("/regenerate", cookie));
    }

    @Test
    void lockTimeoutAnswersServiceUnavailable() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SessionConfig config = TestConfigs.with(store).concurrency(ConcurrencyMode.LOCK)
                .lockTimeout(Duration.ofMillis(200)).build();
        jetty = JettyHarness.start(config, (req, res) -> {
            Session s = SessionFilter.session(req);
            s.put("n", 1);
            if (req.getRequestURI().equals("/slow")) {
                holding.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
        });
        String cookie = jetty.sessionCookie(jetty.get("/"));
        CompletableFuture<JettyHarness.Response> slow = CompletableFuture.supplyAsync(() -> jetty.get("/slow", cookie));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        JettyHarness.Response waiting = jetty.get("/", cookie);
        release.countDown();
        assertCleanServiceUnavailable(waiting);
        assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void propagateRethrowsALoadFailureToTheContainer() {
        start(StoreFailurePolicy.PROPAGATE, counter);
        String cookie = jetty.sessionCookie(jetty.get("/"));
        seen.clear();
        store.failNext(Op.GET, 1);
        JettyHarness.Response response = jetty.get("/", cookie);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookies()).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void propagateRethrowsASaveFailureToTheContainer() {
        start(StoreFailurePolicy.PROPAGATE, counter);
        store.failNext(Op.SET, 1);
        JettyHarness.Response response = jetty.get("/login");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.setCookie("connect.sid")).isEmpty();
        assertThat(response.header("Location")).isEmpty();
    }

    @Test
    void continueWithoutSessionRunsTheHandlerWithoutASessionWhenLoadingFails() {
        start(StoreFailurePolicy.CONTINUE_WITHOUT_SESSION, (req, res) -> {
            if (req.getRequestURI().equals("/make")) {
                SessionFilter.session(req).put("x", 1);
                return;
            }
            try {
                SessionFilter.session(req);
                seen.add("session() returned");
            } catch (IllegalStateException e) {
                seen.add("session(): " + e.getMessage());
            }
            seen.add("existingSession: " + SessionFilter.existingSession(req).isPresent());
            seen.add("getSession(false): " + req.getSession(false));
            try {
                req.getSession(true);
                seen.add("getSession(true) returned");
            } catch (IllegalStateException e) {
                seen.add("getSession(true) threw");
            }
            res.getWriter().print("served");
        });
        String cookie = jetty.sessionCookie(jetty.get("/make"));
        store.failAlways(Op.GET);
        JettyHarness.Response response = jetty.get("/", cookie);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("served");
        assertThat(response.setCookies()).isEmpty();
        assertThat(seen).containsExactly(
                "session(): no session for this request: the session store was unavailable when it started "
                        + "(storeFailurePolicy CONTINUE_WITHOUT_SESSION)",
                "existingSession: false",
                "getSession(false): null",
                "getSession(true) threw");
    }

    @Test
    void continueWithoutSessionSendsTheResponseWhenSavingFails() {
        start(StoreFailurePolicy.CONTINUE_WITHOUT_SESSION, counter);
        store.failNext(Op.SET, 1);
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("n=1");
        assertThat(response.setCookie("connect.sid")).isEmpty();
        assertThat(response.setCookie("app")).isPresent();
    }
}
