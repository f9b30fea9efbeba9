package io.sessions4j.interop;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The Java half of the live migration: the shop's pages that have moved off express, on embedded Jetty 12 with
 * the sessions4j {@link SessionFilter}. They read and write the same session keys as the legacy pages of
 * {@code node/legacy.js}: {@code user} (a string) and {@code cart} (an array of strings).
 *
 * <ul>
 *   <li>{@code GET /account}: the user and the cart, a form to add an item, a link back to {@code /legacy/}</li>
 *   <li>{@code POST /cart}: adds {@code item} to the cart</li>
 *   <li>{@code POST /logout}: destroys the session, then sends the browser to {@code /legacy/}</li>
 * </ul>
 * Redirects are relative (303 with {@code Location: /path}), so the browser stays on the proxy's origin.
 */
final class ShopApp implements AutoCloseable {
    private final LoopbackServer server;

    private ShopApp(LoopbackServer server) {
        this.server = server;
    }

    static ShopApp start(SessionConfig config) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Pages()), "/*");
        return new ShopApp(LoopbackServer.start(context));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    private static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final TypeReference<List<String>> CART = new TypeReference<>() {
        };

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            if (!req.getRequestURI().equals("/account")) {
                res.sendError(404);
                return;
            }
            Optional<Session> session = SessionFilter.existingSession(req);
            Optional<String> user = session.flatMap(s -> s.get("user", String.class));
            List<String> cart = session.flatMap(s -> s.get("cart", CART)).orElse(List.of());
            StringBuilder items = new StringBuilder();
            for (String item : cart) {
                items.append("<li>").append(escape(item)).append("</li>");
            }
            String login = user.map(u -> "<p id=\"login-state\">logged in as <b id=\"user\">" + escape(u) + "</b></p>"
                    + "<p>session <code id=\"session-id\">" + escape(session.get().id()) + "</code></p>"
                    + "<form method=\"post\" action=\"/logout\"><button id=\"logout\">log out (java)</button></form>")
                    .orElse("<p id=\"login-state\">not logged in</p>"
                            + "<p><a id=\"login\" href=\"/legacy/login\">log in (on the legacy pages)</a></p>");
            res.setContentType("text/html;charset=utf-8");
            res.getWriter().print("""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Your account</title>
                    <style>
                      body { font-family: sans-serif; margin: 2rem; background: #eef4fb; }
                      .banner { background: #1f5fa8; color: #fff; padding: .5rem 1rem; border-radius: 4px; }
                      .banner code { color: #fff; }
                      li { margin: .2rem 0; }
                    </style></head>
                    <body><p class="banner"><span id="served-by">new pages, served by java (sessions4j)</span>
                      &middot; <code>%s</code></p>
                    <h1>Your account</h1>
                    %s
                    <h2>Cart</h2>
                    <ul id="cart">%s</ul>
                    <form method="post" action="/cart">
                      <input id="item" name="item" required> <button id="add">add to cart (java)</button>
                    </form>
                    <p><a id="to-node" href="/legacy/">back to the shop (the legacy Node pages)</a></p>
                    </body></html>
                    """.formatted(escape(req.getRequestURI()), login, items));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            switch (req.getRequestURI()) {
                case "/cart" -> {
                    String item = req.getParameter("item") == null ? "" : req.getParameter("item").strip();
                    if (!item.isEmpty()) {
                        Session s = SessionFilter.session(req);
                        List<String> cart = new ArrayList<>(s.get("cart", CART).orElse(List.of()));
                        cart.add(item);
                        s.put("cart", cart);
                    }
                    seeOther(res, "/account");
                }
                case "/logout" -> {
                    SessionFilter.existingSession(req).ifPresent(Session::destroy);
                    seeOther(res, "/legacy/");
                }
                default -> res.sendError(404);
            }
        }

        private static void seeOther(HttpServletResponse res, String path) {
            res.setStatus(303);
            res.setHeader("Location", path);
        }

        private static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '&', '<', '>', '"', '\'' -> out.append("&#").append((int) c).append(';');
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
