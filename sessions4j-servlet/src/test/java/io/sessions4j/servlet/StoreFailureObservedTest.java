package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionObserver.FailureCause;
import io.sessions4j.spi.SessionObserver.FailureResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter tells the configuration's observer how it answered each store failure, by cause. */
class StoreFailureObservedTest {
    private final CountingStore store = new CountingStore();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final SessionObserver observer = new SessionObserver() {
        @Override
        public void failed(FailureCause cause, FailureResponse response) {
            failures.add(cause + " " + response);
        }
    };
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private void start(StoreFailurePolicy policy) {
        jetty = JettyHarness.start(TestConfigs.with(store).storeFailurePolicy(policy).observer(observer).build(),
                (req, res) -> {
                    SessionFilter.session(req).put("n", 1);
                    res.getWriter().print("ok");
                });
    }

    @Test
    void aLoadFailureAnsweredWith503IsReported() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE);
        String cookie = jetty.sessionCookie(jetty.get("/"));
        store.failNext(Op.GET, 1);
        assertThat(jetty.get("/", cookie).status()).isEqualTo(503);
        assertThat(failures).containsExactly("STORE SERVICE_UNAVAILABLE");
    }

    @Test
    void aSaveFailureAnsweredWith503IsReported() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE);
        store.failNext(Op.SET, 1);
        assertThat(jetty.get("/").status()).isEqualTo(503);
        assertThat(failures).containsExactly("STORE SERVICE_UNAVAILABLE");
    }

    @Test
    void aFailureTheRequestContinuesWithoutIsReportedAsContinued() {
        start(StoreFailurePolicy.CONTINUE_WITHOUT_SESSION);
        store.failNext(Op.SET, 1);
        assertThat(jetty.get("/").status()).isEqualTo(200);
        assertThat(failures).containsExactly("STORE CONTINUED");
    }

    @Test
    void noFailureNoReport() {
        start(StoreFailurePolicy.SERVICE_UNAVAILABLE);
        assertThat(jetty.get("/").status()).isEqualTo(200);
        assertThat(failures).isEmpty();
    }
}
