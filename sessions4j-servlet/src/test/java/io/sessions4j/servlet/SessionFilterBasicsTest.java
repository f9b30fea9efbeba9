package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import org.junit.jupiter.api.Test;

class SessionFilterBasicsTest {

    @Test
    void countsViewsAcrossRequestsWithTheSessionCookie() {
        CountingStore store = new CountingStore();
        try (JettyHarness jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            Session s = SessionFilter.session(req);
            int views = s.get("views", Integer.class).orElse(0) + 1;
            s.put("views", views);
            res.getWriter().print(views);
        })) {
            JettyHarness.Response first = jetty.get("/");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("1");
            String cookie = jetty.sessionCookie(first);
            JettyHarness.Response second = jetty.get("/", cookie);
            assertThat(second.body()).isEqualTo("2");
            assertThat(store.calls()).containsExactly("set", "get", "replace");
        }
    }

    @Test
    void sendsNoCookieForAnUntouchedSession() {
        CountingStore store = new CountingStore();
        try (JettyHarness jetty = JettyHarness.start(TestConfigs.with(store).build(),
                (req, res) -> res.getWriter().print("hello"))) {
            JettyHarness.Response response = jetty.get("/");
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.setCookies()).isEmpty();
            assertThat(store.totalCalls()).isZero();
        }
    }
}
