package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.JettyHarness;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code HttpSession} attributes are Java objects: the same instance within a request, the same type after it. */
class TypedAttributesTest {
    public record Point(int x, int y) {
    }

    public record Note(String text, Instant at) {
    }

    private static final Instant AT = Instant.parse("2026-11-25T19:35:34.893Z");

    private final CountingStore store = new CountingStore();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            return value.getClass().getSimpleName() + list.stream().map(TypedAttributesTest::describe)
                    .collect(Collectors.joining(",", "[", "]"));
        }
        return value.getClass().getSimpleName() + "(" + value + ")";
    }

    @Test
    void attributesComeBackAsTheObjectsPutAndAsTheirTypesInTheNextRequest() {
        jetty = JettyHarness.start(TestConfigs.with(store).allowTypes(Point.class, Note.class).build(), (req, res) -> {
            HttpSession session = req.getSession();
            if (req.getRequestURI().equals("/put")) {
                Point p = new Point(1, 2);
                session.setAttribute("p", p);
                session.setAttribute("n", 5L);
                session.setAttribute("when", AT);
                session.setAttribute("tags", new HashSet<>(Set.of("a")));
                session.setAttribute("notes", new ArrayList<>(List.of(new Note("hi", AT))));
                res.getWriter().print(session.getAttribute("p") == p ? "same" : "copy");
            } else {
                res.getWriter().print(String.join(" ", describe(session.getAttribute("p")),
                        describe(session.getAttribute("n")), describe(session.getAttribute("when")),
                        describe(session.getAttribute("tags")), describe(session.getAttribute("notes"))));
            }
        });

        JettyHarness.Response put = jetty.get("/put");
        assertThat(put.body()).isEqualTo("same");
        assertThat(jetty.get("/get", jetty.sessionCookie(put)).body()).isEqualTo("Point(Point[x=1, y=2]) Long(5) "
                + "Instant(2026-11-25T19:35:34.893Z) HashSet([a]) ArrayList[Note(Note[text=hi, at=2026-11-25T19:35:34.893Z])]");
    }

    @Test
    void aTypeTheApplicationDidNotAdmitComesBackAsAMapWithoutFailingTheRequest() {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), (req, res) -> {
            HttpSession session = req.getSession();
            if (req.getRequestURI().equals("/put")) {
                session.setAttribute("p", new Point(1, 2));
            } else {
                res.getWriter().print(describe(session.getAttribute("p")));
            }
        });

        JettyHarness.Response put = jetty.get("/put");
        JettyHarness.Response get = jetty.get("/get", jetty.sessionCookie(put));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("LinkedHashMap({x=1, y=2})");
    }
}
