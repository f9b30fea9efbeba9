package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sessions4j.MemoryStore;
import io.sessions4j.servlet.testing.JettyHarness;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Servlet session listeners given to the filter are called with the specification's semantics: a
 * recording listener stands in for Spring's {@code HttpSessionEventPublisher} here.
 */
class SessionListenersTest {
    /** What the listeners heard, in order. */
    private static final Queue<String> HEARD = new ConcurrentLinkedQueue<>();

    private JettyHarness jetty;

    @AfterEach
    void stop() {
        HEARD.clear();
        if (jetty != null) {
            jetty.close();
        }
    }

    /** Records every session event with the session's attributes as it saw them. */
    public static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener,
            HttpSessionIdListener {
        private final String name;

        public Recorder() {
            this("recorder");
        }

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void sessionCreated(HttpSessionEvent se) {
            HEARD.add(name + " created " + attributes(se.getSession()));
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            HEARD.add(name + " destroyed " + attributes(se.getSession()));
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            HEARD.add(name + " idChanged " + !oldSessionId.equals(event.getSession().getId()));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            HEARD.add(name + " added " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            HEARD.add(name + " replaced " + event.getName() + "=" + event.getValue() + " by "
                    + event.getSession().getAttribute(event.getName()));
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            HEARD.add(name + " removed " + event.getName() + "=" + event.getValue());
        }

        private static String attributes(HttpSession session) {
            TreeMap<String, Object> all = new TreeMap<>();
            Collections.list(session.getAttributeNames()).forEach(n -> all.put(n, session.getAttribute(n)));
            return all.toString();
        }
    }

    /** A session value that wants to know when it is bound and unbound (written as JSON {"name":...}). */
    public static final class Badge implements HttpSessionBindingListener {
        public String name;

        public Badge() {
        }

        Badge(String name) {
            this.name = name;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            HEARD.add("bound " + name + " as " + event.getName());
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            HEARD.add("unbound " + name + " as " + event.getName());
        }

        @Override
        public String toString() {
            return "Badge " + name;
        }
    }

    private String get(String path, String cookie) {
        return cookie == null ? jetty.sessionCookie(jetty.get(path)) : jetty.get(path, cookie).body();
    }

    /** /login, /rotate, /logout, /attributes, /badge on one servlet. */
    private static void app(jakarta.servlet.http.HttpServletRequest req) {
        switch (req.getRequestURI()) {
            case "/login" -> req.getSession().setAttribute("user", "ada");
            case "/rotate" -> req.changeSessionId();
            case "/logout" -> req.getSession().invalidate();
            case "/attributes" -> {
                HttpSession s = req.getSession();
                s.setAttribute("theme", "dark");
                s.setAttribute("theme", "light");
                s.removeAttribute("theme");
                s.removeAttribute("absent");
                s.setAttribute("lang", "en");
                s.setAttribute("lang", null);
            }
            case "/badge" -> {
                HttpSession s = req.getSession();
                s.setAttribute("badge", new Badge("first"));
                s.setAttribute("badge", new Badge("second"));
                s.setAttribute("other", new Badge("third"));
                s.removeAttribute("other");
            }
            default -> { }
        }
    }

    private void start(SessionFilter filter) {
        jetty = JettyHarness.start(filter, (req, res) -> app(req));
    }

    @Test
    void createdWhenFirstStoredIdChangedOnChangeSessionIdDestroyedOnInvalidateInReverseOrder() {
        start(new SessionFilter(TestConfigs.with(new MemoryStore()).build())
                .addListener(new Recorder("a")).addListener(new Recorder("b")));
        String cookie = get("/login", null);
        HEARD.clear();
        jetty.get("/", null);
        assertThat(HEARD).as("a request that stores no session").isEmpty();

        String rotated = jetty.sessionCookie(jetty.get("/rotate", cookie));
        jetty.get("/logout", rotated);
        assertThat(HEARD).containsExactly(
                "a idChanged true", "b idChanged true",
                "b destroyed {user=ada}", "a destroyed {user=ada}",
                "a removed user=ada", "b removed user=ada");
    }

    @Test
    void createdSeesTheAttributesTheRequestPut() {
        start(new SessionFilter(TestConfigs.with(new MemoryStore()).build()).addListener(new Recorder("a")));
        get("/login", null);
        assertThat(HEARD).containsExactly("a added user=ada", "a created {user=ada}");
    }

    @Test
    void attributeListenersHearAddedReplacedWithTheOldValueAndRemoved() {
        start(new SessionFilter(TestConfigs.with(new MemoryStore()).build()).addListener(new Recorder("a")));
        jetty.get("/attributes");
        // The session ends empty, so it is never stored: no sessionCreated.
        assertThat(HEARD).containsExactly(
                "a added theme=dark", "a replaced theme=dark by light", "a removed theme=light",
                "a added lang=en", "a removed lang=en");
    }

    @Test
    void valuesThatAreBindingListenersAreBoundAndUnbound() {
        start(new SessionFilter(TestConfigs.with(new MemoryStore()).build()));
        String cookie = get("/badge", null);
        assertThat(HEARD).containsExactly(
                "bound first as badge", "bound second as badge", "unbound first as badge",
                "bound third as other", "unbound third as other");
        HEARD.clear();
        jetty.get("/logout", cookie);
        // The value read back from the store is unbound when the session is invalidated; a value the store
        // gives back as a Map (it has no type here) is no binding listener.
        assertThat(HEARD).allMatch(e -> e.startsWith("unbound"));
    }

    @Test
    void theMemoryStoresExpiryDestroysTheSessionAndUnbindsItsAttributes() {
        MemoryStore store = new MemoryStore();
        start(new SessionFilter(TestConfigs.with(store).cookie(c -> c.maxAge(Duration.ofMillis(500))).build())
                .addListener(new Recorder("a")));
        String cookie = get("/login", null);
        HEARD.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> HEARD.size() >= 2);
        assertThat(HEARD).containsExactly("a destroyed {user=ada}", "a removed user=ada");
        assertThat(jetty.get("/", cookie).setCookies()).isEmpty();
    }

    @Test
    void listenersFromAContextAttributeAndAnInitParameter() {
        jetty = JettyHarness.builder()
                .filter(new SessionFilter(TestConfigs.with(new MemoryStore()).build()))
                .customize(c -> c.setAttribute(SessionFilter.LISTENERS_ATTRIBUTE, List.of(new Recorder("attr"))))
                .filterInitParameter(SessionFilter.LISTENERS_PARAMETER, Recorder.class.getName())
                .servlet("/*", (req, res) -> app(req))
                .start();
        get("/login", null);
        assertThat(HEARD).containsExactly("attr added user=ada", "recorder added user=ada",
                "attr created {user=ada}", "recorder created {user=ada}");
    }

    @Test
    void anInitParameterNamingAMissingClassStopsTheFilterFromStarting() {
        assertThatThrownBy(() -> JettyHarness.builder()
                .filter(new SessionFilter(TestConfigs.with(new MemoryStore()).build()))
                .filterInitParameter(SessionFilter.LISTENERS_PARAMETER, "com.example.NoSuchListener")
                .servlet("/*", (req, res) -> { })
                .start().close())
                .hasStackTraceContaining("cannot make a com.example.NoSuchListener");
    }

    @Test
    void anObjectThatIsNoSessionListenerIsRefused() {
        SessionFilter filter = new SessionFilter(TestConfigs.with(new MemoryStore()).build());
        assertThatThrownBy(() -> filter.addListener(new Badge("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is told when it is put in a session, not registered");
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheRequest() {
        List<String> after = new CopyOnWriteArrayList<>();
        start(new SessionFilter(TestConfigs.with(new MemoryStore()).build())
                .addListener(new HttpSessionListener() {
                    @Override
                    public void sessionCreated(HttpSessionEvent se) {
                        throw new IllegalStateException("listener bug");
                    }
                })
                .addListener(new HttpSessionListener() {
                    @Override
                    public void sessionCreated(HttpSessionEvent se) {
                        after.add(se.getSession().getId());
                    }
                }));
        JettyHarness.Response response = jetty.get("/login");
        assertThat(response.status()).isEqualTo(200);
        assertThat(after).hasSize(1);
    }
}
