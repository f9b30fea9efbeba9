package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Secure;
import io.sessions4j.TrustProxy;
import io.sessions4j.Unset;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which requests get a session, and what the request tells the engine. */
class RequestScopeTest {
    private final CountingStore store = new CountingStore();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private final JettyHarness.Handler probe = (req, res) -> {
        try {
            SessionFilter.session(req);
            seen.add("session() returned");
        } catch (IllegalStateException e) {
            seen.add("session(): " + e.getMessage());
        }
        seen.add("existingSession: " + SessionFilter.existingSession(req).isPresent());
        seen.add("getSession(false): " + req.getSession(false));
    };

    @Test
    void requestOutsideTheCookiePathHasNoSession() {
        jetty = JettyHarness.start(TestConfigs.with(store).cookie(c -> c.path("/admin")).build(), probe);
        jetty.get("/administrator");
        assertThat(seen).containsExactly(
                "session(): no session for this request: its path is outside the cookie path",
                "existingSession: false",
                "getSession(false): null");
        assertThat(store.totalCalls()).isZero();
    }

    @Test
    void requestTheFilterDidNotSeeIsToldSo() {
        jetty = JettyHarness.builder().config(TestConfigs.with(store).build())
                .filterPath("/with/*")
                .servlet("/*", probe)
                .start();
        jetty.get("/without");
        assertThat(seen.get(0)).asString().startsWith("session(): SessionFilter did not run for this request");
        assertThat(seen.get(1)).isEqualTo("existingSession: false");
    }

    @Test
    void contextPathIsPartOfThePathMatchedAgainstTheCookiePath() {
        jetty = JettyHarness.builder().config(TestConfigs.with(store).cookie(c -> c.path("/app")).build())
                .contextPath("/app")
                .servlet("/*", (req, res) -> {
                    SessionFilter.session(req).put("x", 1);
                    res.getWriter().print(req.getRequestURI());
                })
                .start();
        JettyHarness.Response response = jetty.get("/app/page");
        assertThat(response.setCookie("connect.sid")).hasValueSatisfying(h -> assertThat(h).contains("Path=/app"));
    }

    @Test
    void unsetWithDestroyRemovesTheStoredSessionAndExpiresTheCookie() {
        jetty = JettyHarness.start(TestConfigs.with(store).unset(Unset.DESTROY).build(), (req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                SessionFilter.session(req).put("user", "ada");
            } else {
                SessionFilter.unset(req);
                seen.add("existing after unset: " + SessionFilter.existingSession(req).isPresent());
            }
        });
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        store.resetCounts();
        JettyHarness.Response response = jetty.get("/logout", cookie);
        assertThat(seen).containsExactly("existing after unset: false");
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(response.setCookie("connect.sid")).hasValueSatisfying(h -> assertThat(h).contains("1970"));
        assertThat(store.delegate().length()).isZero();
    }

    @Test
    void unsetWithKeepLeavesTheStoredSessionUnchanged() {
        jetty = JettyHarness.start(TestConfigs.with(store).unset(Unset.KEEP).build(), (req, res) -> {
            if (req.getRequestURI().equals("/read")) {
                res.getWriter().print(SessionFilter.session(req).get("user").orElse("nobody"));
                return;
            }
            SessionFilter.session(req).put("user", req.getRequestURI().substring(1));
            if (req.getRequestURI().equals("/grace")) {
                SessionFilter.unset(req);
            }
        });
        String cookie = jetty.sessionCookie(jetty.get("/ada"));
        store.resetCounts();
        JettyHarness.Response response = jetty.get("/grace", cookie);
        assertThat(store.calls()).containsExactly("get");
        assertThat(response.setCookies()).isEmpty();
        assertThat(jetty.get("/read", cookie).body()).isEqualTo("ada");
    }

    @Test
    void applicationExceptionStillSavesTheSessionAndGivesTheContainersError() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            throw new IllegalStateException("application bug");
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).isEqualTo(500);
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void tlsConnectionReportedByTheContainerCountsAsSecure() {
        Filter tls = (req, res, chain) -> {
            // What a container's TLS connector sets on every request it received over TLS.
            req.setAttribute("jakarta.servlet.request.cipher_suite", "TLS_AES_128_GCM_SHA256");
            chain.doFilter(req, res);
        };
        jetty = JettyHarness.builder()
                .config(TestConfigs.with(store).proxy(TrustProxy.NONE).cookie(c -> c.secure(Secure.ALWAYS)).build())
                .servlet("/*", (req, res) -> SessionFilter.session(req).put("x", 1))
                .customize(context -> prepend(context.getServletHandler(), tls))
                .start();
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.setCookie("connect.sid")).hasValueSatisfying(h -> assertThat(h).contains("Secure"));
    }

    @Test
    void plainConnectionGetsNoSecureCookieButTheSessionIsSaved() {
        jetty = JettyHarness.start(TestConfigs.with(store).proxy(TrustProxy.NONE).cookie(c -> c.secure(Secure.ALWAYS))
                .build(), (req, res) -> SessionFilter.session(req).put("x", 1));
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.setCookies()).isEmpty();
        assertThat(store.calls()).containsExactly("set");
    }

    /** Puts a filter in front of the session filter. */
    private static void prepend(ServletHandler handler, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName("pretend-tls");
        holder.setAsyncSupported(true);
        handler.addFilter(holder);
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName(holder.getName());
        mapping.setPathSpec("/*");
        mapping.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        handler.prependFilterMapping(mapping);
    }

    @Test
    void filterRegisteredForRequestsOnlyStillServesAForward() {
        jetty = JettyHarness.builder().config(TestConfigs.with(store).build())
                .dispatcherTypes(DispatcherType.REQUEST)
                .servlet("/target", (req, res) -> res.getWriter().print(req.getSession().getAttribute("user")))
                .servlet("/*", (req, res) -> {
                    req.getSession().setAttribute("user", "ada");
                    req.getRequestDispatcher("/target").forward(req, res);
                })
                .start();
        JettyHarness.Response response = jetty.get("/start");
        assertThat(response.body()).isEqualTo("ada");
        assertThat(response.setCookies()).hasSize(1);
    }
}
