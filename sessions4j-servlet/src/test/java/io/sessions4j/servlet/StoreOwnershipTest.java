package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.spi.SessionManager;
import org.junit.jupiter.api.Test;

/** Who closes the store: the README's quick start opens it inline and never keeps a reference. */
class StoreOwnershipTest {
    private static final JettyHarness.Handler COUNTER = (req, res) -> {
        int views = SessionFilter.session(req).get("views", Integer.class).orElse(0) + 1;
        SessionFilter.session(req).put("views", views);
        res.getWriter().print(views);
    };

    @Test
    void theContainerDestroyingAFilterBuiltFromAConfigClosesItsStoreOnce() {
        CountingStore store = new CountingStore();
        SessionFilter filter = new SessionFilter(TestConfigs.with(store).build());
        try (JettyHarness jetty = JettyHarness.start(filter, COUNTER)) {
            assertThat(jetty.get("/").body()).isEqualTo("1");
            assertThat(store.closeCount()).isZero();
        }
        // Jetty stopped the context, which destroyed the filter.
        assertThat(store.closeCount()).isEqualTo(1);

        filter.destroy();
        assertThat(store.closeCount()).isEqualTo(1);
    }

    @Test
    void aFilterOverASharedEngineLeavesTheStoreToWhoeverCreatedTheEngine() {
        CountingStore store = new CountingStore();
        SessionManager shared = SessionManager.create(TestConfigs.with(store).build());
        try (JettyHarness jetty = JettyHarness.start(new SessionFilter(shared), COUNTER)) {
            assertThat(jetty.get("/").body()).isEqualTo("1");
        }
        assertThat(store.closeCount()).isZero();
    }
}
