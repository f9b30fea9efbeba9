package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Forward, include and error dispatches pass the filter again but share the request's one session. */
class DispatchTest {
    private final CountingStore store = new CountingStore();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private JettyHarness.Builder builder() {
        return JettyHarness.builder().config(TestConfigs.with(store).build())
                .servlet("/target", (req, res) -> {
                    Session s = SessionFilter.session(req);
                    seen.add(req.getDispatcherType() + " same session: " + (s == req.getAttribute("first")));
                    s.put("target", "visited");
                    res.getWriter().print("target saw " + s.get("user").orElse("nobody") + ";");
                });
    }

    @Test
    void forwardReusesTheRequestsSessionAndCommitsOnce() {
        jetty = builder().servlet("/*", (req, res) -> {
            Session s = SessionFilter.session(req);
            req.setAttribute("first", s);
            s.put("user", "ada");
            req.getRequestDispatcher("/target").forward(req, res);
        }).start();
        String cookie = jetty.sessionCookie(jetty.get("/start"));
        assertThat(seen).containsExactly("FORWARD same session: true");
        assertThat(store.calls()).containsExactly("set");
        store.resetCounts();
        seen.clear();
        JettyHarness.Response again = jetty.get("/start", cookie);
        assertThat(again.body()).isEqualTo("target saw ada;");
        assertThat(store.calls()).as("one load for both dispatches").containsExactly("get", "touch");
    }

    @Test
    void includeReusesTheRequestsSession() {
        jetty = builder().servlet("/*", (req, res) -> {
            Session s = SessionFilter.session(req);
            req.setAttribute("first", s);
            s.put("user", "grace");
            res.getWriter().print("before;");
            req.getRequestDispatcher("/target").include(req, res);
            res.getWriter().print("after:" + s.get("target").orElse("not visited"));
        }).start();
        JettyHarness.Response response = jetty.get("/start");
        assertThat(response.body()).isEqualTo("before;target saw grace;after:visited");
        assertThat(seen).containsExactly("INCLUDE same session: true");
        assertThat(response.setCookies()).hasSize(1);
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void errorPageDispatchSeesTheCommittedSessionWithoutLoadingItAgain() {
        jetty = builder()
                .servlet("/error-page", (req, res) -> {
                    Session s = SessionFilter.session(req);
                    seen.add("error page same session: " + (s == req.getAttribute("first")));
                    res.getWriter().print("error page for " + s.get("user").orElse("nobody"));
                })
                .servlet("/*", (req, res) -> {
                    Session s = SessionFilter.session(req);
                    req.setAttribute("first", s);
                    s.put("user", "ada");
                    res.sendError(403);
                })
                .customize(context -> {
                    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                    errors.addErrorPage(403, "/error-page");
                    context.setErrorHandler(errors);
                })
                .start();
        JettyHarness.Response response = jetty.get("/start");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("error page for ada");
        assertThat(response.setCookies()).hasSize(1);
        assertThat(seen).containsExactly("error page same session: true");
        assertThat(store.calls()).containsExactly("set");
    }
}
