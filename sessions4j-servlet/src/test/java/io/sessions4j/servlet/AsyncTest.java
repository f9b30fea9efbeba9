package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.servlet.testing.RawHttp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Async requests commit before {@code AsyncContext.complete()}, never on the filter's return. */
class AsyncTest {
    private final CountingStore store = new CountingStore();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private JettyHarness jetty;

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void completeFromAnotherThreadCommitsTheSessionBeforeTheResponse() throws Exception {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            Session s = SessionFilter.session(req);
            AsyncContext async = req.startAsync();
            worker.submit(() -> {
                s.put("user", "ada");
                try {
                    async.getResponse().getWriter().print("done");
                } catch (Exception e) {
                    seen.add(e);
                }
                async.complete();
            });
        });
        CountingStore.Gate gate = store.blockNext(Op.SET);
        try (RawHttp http = RawHttp.get(jetty, "/", null)) {
            gate.awaitEntered();
            assertThat(http.anyByteWithin(300)).isFalse();
            gate.release();
            String response = http.readAll();
            assertThat(response).startsWith("HTTP/1.1 200").contains("Set-Cookie: connect.sid=").endsWith("done");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void filterDoesNotCommitWhenTheServletReturnsWithAsyncStarted() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            Session s = SessionFilter.session(req);
            AsyncContext async = req.startAsync(req, res);
            worker.submit(() -> {
                try {
                    Thread.sleep(100); // well after the servlet and the filter have returned
                    s.put("user", "ada");
                    seen.add("put after return");
                } catch (Exception e) {
                    seen.add(e.toString());
                }
                async.complete();
            });
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(seen).containsExactly("put after return");
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void flushThroughTheAsyncContextsResponseCommitsTheSessionFirst() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            AsyncContext async = req.startAsync();
            worker.submit(() -> {
                SessionFilter.session((jakarta.servlet.http.HttpServletRequest) async.getRequest()).put("user", "ada");
                try {
                    async.getResponse().getWriter().print("early");
                    async.getResponse().flushBuffer();
                    seen.add("sets after flush: " + store.count(Op.SET));
                } catch (Exception e) {
                    seen.add(e.toString());
                }
                async.complete();
            });
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("early");
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("sets after flush: 1");
    }

    @Test
    void completeThroughGetAsyncContextCommitsToo() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            req.startAsync();
            worker.submit(() -> {
                SessionFilter.session(req).put("user", "ada");
                req.getAsyncContext().complete();
            });
        });
        assertThat(jetty.get("/").setCookie("connect.sid")).isPresent();
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void asyncDispatchReusesTheSessionAndCommitsWhenTheDispatchReturns() {
        jetty = JettyHarness.builder().config(TestConfigs.with(store).build())
                .servlet("/later", (req, res) -> {
                    Session s = SessionFilter.session(req);
                    seen.add(req.getDispatcherType() + " " + s.get("user").orElse("nobody"));
                    s.put("seen", true);
                    res.getWriter().print("later");
                })
                .servlet("/*", (req, res) -> {
                    SessionFilter.session(req).put("user", "ada");
                    AsyncContext async = req.startAsync();
                    worker.submit(() -> async.dispatch("/later"));
                })
                .start();
        String cookie = jetty.sessionCookie(jetty.get("/start"));
        assertThat(seen).containsExactly(DispatcherType.ASYNC + " ada");
        assertThat(store.calls()).containsExactly("set");
        store.resetCounts();
        jetty.get("/start", cookie);
        assertThat(store.calls()).as("one load across both dispatches").containsExactly("get", "touch");
    }

    @Test
    void storeFailureAtAsyncCompleteAnswersServiceUnavailable() {
        jetty = JettyHarness.start(TestConfigs.with(store)
                .storeFailurePolicy(StoreFailurePolicy.SERVICE_UNAVAILABLE).build(), (req, res) -> {
                    AsyncContext async = req.startAsync();
                    worker.submit(() -> {
                        SessionFilter.session(req).put("user", "ada");
                        try {
                            async.getResponse().getWriter().print("would have worked");
                        } catch (Exception e) {
                            seen.add(e.toString());
                        }
                        async.complete();
                    });
                });
        store.failNext(Op.SET, 1);
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(FailureResponses.BODY);
        assertThat(response.setCookies()).isEmpty();
    }

    @Test
    void asyncTimeoutStillSavesTheSession() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            if (req.getRequestURI().equals("/read")) {
                res.getWriter().print(SessionFilter.session(req).get("user").orElse("nobody"));
                return;
            }
            if (req.getDispatcherType() == DispatcherType.REQUEST) {
                SessionFilter.session(req).put("user", "ada");
                req.startAsync().setTimeout(100);
            }
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).as("the container's timeout answer").isEqualTo(500);
        assertThat(store.count(Op.SET)).isEqualTo(1);
        assertThat(jetty.get("/read", jetty.sessionCookie(response)).body()).isEqualTo("ada");
    }
}
