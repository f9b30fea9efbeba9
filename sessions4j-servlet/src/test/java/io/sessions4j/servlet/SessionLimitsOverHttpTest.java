package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The values from the adversarial run (a 21-million-character string, a list nested 1,000 deep) and a session
 * grown over {@code maxSessionBytes}, through the filter on Jetty: the put is refused with a clear error, a
 * session too large to save gets a short 500 without a stack trace, and the stored session is left as it was
 * and still loads.
 */
class SessionLimitsOverHttpTest {
    private final CountingStore store = new CountingStore();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private static List<Object> nested(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        return outer;
    }

    private void start(SessionConfig config) {
        jetty = JettyHarness.start(config, (req, res) -> {
            Session s = SessionFilter.session(req);
            switch (req.getRequestURI()) {
                case "/login" -> s.put("user", "ada");
                case "/big" -> s.put("big", "x".repeat(21_000_000));
                case "/deep" -> s.put("deep", nested(1000));
                case "/careful" -> {
                    try {
                        s.put("big", "x".repeat(21_000_000));
                    } catch (IllegalArgumentException e) {
                        res.setStatus(413);
                        res.getWriter().print(e.getMessage());
                    }
                }
                case "/grow" -> {
                    for (int i = 0; i < 5; i++) {
                        s.put("chunk" + i, "c".repeat(20_000));
                    }
                }
                default -> res.getWriter().print(s.get("user").orElse("nobody") + " " + s.keys());
            }
        });
    }

    private String storedJson(String cookie) {
        String id = cookie.substring(cookie.indexOf("s%3A") + 4, cookie.lastIndexOf('.'));
        return store.get(id).orElseThrow().json();
    }

    @Test
    void valuesOverTheReadLimitsAreRefusedAtPutAndTheStoredSessionStaysReadable() {
        start(TestConfigs.with(store).build());
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        String before = storedJson(cookie);

        for (String path : List.of("/big", "/deep")) {
            // The put's IllegalArgumentException is the application's to handle; left alone, the container answers it.
            assertThat(jetty.get(path, cookie).status()).as(path).isEqualTo(500);
            assertThat(storedJson(cookie)).as(path).isEqualTo(before);
        }
        JettyHarness.Response careful = jetty.get("/careful", cookie);
        assertThat(careful.status()).isEqualTo(413);
        assertThat(careful.body()).contains("'big'", "maxStringLength 20000000");
        assertThat(jetty.get("/", cookie).body()).isEqualTo("ada [user]");
    }

    @Test
    void aSessionOverMaxSessionBytesIsNotSavedAndTheClientGetsNoStackTrace() {
        start(TestConfigs.with(store).limits(l -> l.maxSessionBytes(64 * 1024)).build());
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        String before = storedJson(cookie);

        JettyHarness.Response refused = jetty.get("/grow", cookie);

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo(FailureResponses.TOO_LARGE_BODY);
        assertThat(refused.setCookies()).isEmpty();
        assertThat(storedJson(cookie)).isEqualTo(before);
        assertThat(jetty.get("/", cookie).body()).isEqualTo("ada [user]");
    }
}
