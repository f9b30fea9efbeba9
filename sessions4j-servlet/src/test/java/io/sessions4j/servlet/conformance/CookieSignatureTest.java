package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('when sid not properly signed')}, and the two cookie-parser tests that
 * have a Java twin: the servlet container's own cookie parsing ({@code getCookies()}, run by a filter
 * before ours) must not make an unsigned or tampered id acceptable.
 */
@DisplayName("session() cookie signature")
class CookieSignatureTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    private static ConformanceServer.Handler createdOrRead() {
        return (req, res) -> {
            Session s = session(req);
            boolean isNew = s.get("active").isEmpty();
            s.put("active", true);
            Express.end(res, "session " + (isNew ? "created" : "read"));
        };
    }

    private static ConformanceServer.Handler counter() {
        return (req, res) -> {
            Session s = session(req);
            int count = s.get("count", Integer.class).orElse(0) + 1;
            s.put("count", count);
            Express.end(res, Integer.toString(count));
        };
    }

    /** express's {@code cookie(res).replace(/...\./, '.')}: three characters of the id cut, signature kept. */
    static String tamper(String cookiePair) {
        return cookiePair.replaceFirst("...\\.", ".");
    }

    /** The cookie-parser twin: the container parses the cookies before the session filter runs. */
    private static Filter containerParsesCookies() {
        return (req, res, chain) -> {
            ((HttpServletRequest) req).getCookies();
            chain.doFilter(req, res);
        };
    }

    @Test
    @DisplayName("when sid not properly signed: should generate new session")
    void notProperlySigned_shouldGenerateNewSession() {
        SessionConfig config = Express.harness(clock).store(store).name("sessid").build();
        try (ConformanceServer server = ConformanceServer.start(config, createdOrRead())) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session created");
            String val = first.setCookie("sessid").sid();
            assertThat(val).isNotEmpty();
            Reply second = server.get("/").cookie("sessid=" + val).send();
            assertThat(second.body()).isEqualTo("session created");
            assertThat(second.setCookie("sessid").sid()).isNotEqualTo(val);
        }
    }

    @Test
    @DisplayName("when sid not properly signed: should not attempt fetch from store")
    void notProperlySigned_shouldNotAttemptFetchFromStore() {
        SessionConfig config = Express.harness(clock).store(store).name("sessid").build();
        try (ConformanceServer server = ConformanceServer.start(config, createdOrRead())) {
            Reply first = server.get("/").send();
            String val = tamper(first.setCookie("sessid").pair());
            assertThat(val).isNotEqualTo(first.setCookie("sessid").pair());
            store.resetCounts();
            Reply second = server.get("/").cookie(val).send();
            assertThat(second.setCookie("sessid")).isNotNull();
            assertThat(second.body()).isEqualTo("session created");
            assertThat(store.count(CountingStore.Op.GET)).isZero();
        }
    }

    @Test
    @DisplayName("cookieParser(): should reject unsigned from req.cookies "
            + "(Java: the container parsed the cookies first)")
    void containerParsedCookies_shouldRejectUnsigned() {
        SessionConfig config = Express.harness(clock).store(store).name("sessid").build();
        try (ConformanceServer server = ConformanceServer.with(config).before(containerParsesCookies())
                .handler(counter()).start()) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("1");
            Reply second = server.get("/").cookie("sessid=" + first.setCookie("sessid").sid()).send();
            assertThat(second.body()).isEqualTo("1");
        }
    }

    @Test
    @DisplayName("cookieParser(): should reject invalid signature from req.cookies "
            + "(Java: the container parsed the cookies first)")
    void containerParsedCookies_shouldRejectInvalidSignature() {
        SessionConfig config = Express.harness(clock).store(store).name("sessid").build();
        try (ConformanceServer server = ConformanceServer.with(config).before(containerParsesCookies())
                .handler(counter()).start()) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("1");
            Reply second = server.get("/").cookie(tamper(first.setCookie("sessid").pair())).send();
            assertThat(second.body()).isEqualTo("1");
            assertThat(server.get("/").cookie(first.setCookie("sessid").pair()).send().body())
                    .as("the untampered cookie still works").isEqualTo("2");
        }
    }
}
